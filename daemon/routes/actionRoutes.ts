// Every route that runs the action pipeline and answers with the envelope (rest.md §4.3–4.9).
import type { z } from 'zod';
import type { ActionDef } from '../action.ts';
import * as batch from '../actions/batch.ts';
import * as content from '../actions/content.ts';
import * as helpers from '../actions/inputHelpers.ts';
import * as keyboard from '../actions/keyboard.ts';
import * as mouse from '../actions/mouse.ts';
import * as nav from '../actions/navigation.ts';
import { emptyBody } from '../schemas.ts';
import type { RouteDef } from './types.ts';

function actionRoute<S extends z.ZodType>(name: string, path: string, summary: string, body: S, action: ActionDef<z.infer<S>>): RouteDef {
  return { name, method: 'POST', path, kind: 'action', summary, body, action };
}

export const actionRoutes: RouteDef[] = [
  actionRoute('navigate', '/tabs/:id/navigate', 'Load a URL in the tab and wait until it has loaded.', nav.navigateBody, nav.navigate),
  actionRoute('back', '/tabs/:id/back', 'Go back one history entry.', emptyBody, nav.back),
  actionRoute('forward', '/tabs/:id/forward', 'Go forward one history entry.', emptyBody, nav.forward),
  actionRoute('reload', '/tabs/:id/reload', 'Reload the page.', nav.reloadBody, nav.reload),
  actionRoute('click', '/tabs/:id/click', 'Click at viewport pixel (x, y).', mouse.clickBody, mouse.click),
  actionRoute('move', '/tabs/:id/move', 'Move the mouse to (x, y).', mouse.moveBody, mouse.move),
  actionRoute('scroll', '/tabs/:id/scroll', 'Scroll with the mouse wheel at (x, y).', mouse.scrollBody, mouse.scroll),
  actionRoute('mouse_scroll', '/tabs/:id/mouse/scroll', 'Alias of scroll.', mouse.scrollBody, mouse.scroll),
  actionRoute('drag', '/tabs/:id/drag', 'Press at start, move in steps, release at end.', mouse.dragBody, mouse.drag),
  actionRoute('type', '/tabs/:id/type', 'Type text into the focused element.', keyboard.typeBody, keyboard.type),
  actionRoute('key_press', '/tabs/:id/keyboard/press', 'Press and release a key (with modifiers).', keyboard.pressBody, keyboard.press),
  actionRoute('key_down', '/tabs/:id/keyboard/down', 'Hold a key down.', keyboard.keyBody, keyboard.keyDown),
  actionRoute('key_up', '/tabs/:id/keyboard/up', 'Release a held key.', keyboard.keyBody, keyboard.keyUp),
  actionRoute('clear_text', '/tabs/:id/clear-text', 'Click a field, select all and delete.', helpers.clearTextBody, helpers.clearText),
  actionRoute('clear_text_alias', '/tabs/:id/clear_text', 'Alias of clear-text.', helpers.clearTextBody, helpers.clearText),
  actionRoute('slider', '/tabs/:id/slider', 'Drag a slider thumb to a value.', helpers.sliderBody, helpers.slider),
  actionRoute('screenshot', '/tabs/:id/screenshot', 'Capture the viewport (with optional markup).', content.screenshotBody, content.screenshot),
  actionRoute('execute', '/tabs/:id/execute', 'Evaluate JavaScript in the page.', content.executeBody, content.execute),
  actionRoute('wait', '/tabs/:id/wait', 'Let the page run for ms, then settle.', content.waitBody, content.wait),
  actionRoute('wait_for_network', '/tabs/:id/wait_for_network', 'Wait for the page\'s requests to finish.', content.waitForNetworkBody, content.waitForNetwork),
  actionRoute('batch', '/tabs/:id/batch', 'Several clicks, hovers, drags and keys in one action (one settle, one pair of frames).', batch.batchBody, batch.batch),
];
