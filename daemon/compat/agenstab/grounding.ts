// `browser.click {description}` without an agent_id (compat.md "-32008"): the configured vision model
// is shown the current frame and asked where the described thing is; the point must land on an
// element of the semantic layer's observation, which is then clicked by its agent_id (so the hit
// test, the HITL gate and history apply as to any click). Any failure is -32008 with data.reason.
import { generateText, jsonSchema, Output } from 'ai';
import { createLanguageModel } from '../../../agent/llm/provider.ts';
import type { ResolvedLlm } from '../../../agent/llm/settings.ts';
import type { AgenstabSession } from './registry.ts';
import { vendorError } from './rpcErrors.ts';
import { runAction, type SurfaceContext } from './surface.ts';

interface Point { found: boolean; x: number; y: number }
interface Element { agent_id: string; role?: string; name?: string; bounds?: { x: number; y: number; width: number; height: number } }

const POINT_SCHEMA = {
  type: 'object', additionalProperties: false, required: ['found', 'x', 'y'],
  properties: { found: { type: 'boolean' }, x: { type: 'number' }, y: { type: 'number' } },
} as const;

function failed(reason: string, message: string, extra: Record<string, unknown> = {}): never {
  throw vendorError('VLM_GROUNDING_FAILED', message, { reason, ...extra });
}

/** Null when a vision model can be asked; else why not, in words that say what to set. */
export function visionProblem(llm: ResolvedLlm): string | null {
  if (llm.problem) return llm.problem;
  if (!llm.vision) return `the model ${llm.model} is not known to take images; start abpd with --llm-vision if it does`;
  return null;
}

async function askModel(llm: ResolvedLlm, description: string, image: string, size: { width: number; height: number }): Promise<Point> {
  const prompt = `The image is a ${size.width}x${size.height} screenshot of a web page. Find: ${description}\n`
    + 'Answer with the CSS pixel coordinates of its centre (x from the left, y from the top) and found=true, '
    + 'or found=false with x=0, y=0 when it is not on the screen.';
  try {
    const r = await generateText({
      model: createLanguageModel(llm), maxRetries: llm.maxRetries, maxOutputTokens: 200,
      abortSignal: AbortSignal.timeout(llm.timeoutMs),
      messages: [{ role: 'user', content: [{ type: 'text', text: prompt }, { type: 'image', image, mediaType: 'image/png' }] }],
      output: Output.object({ schema: jsonSchema<Point>(POINT_SCHEMA) }),
    });
    return r.output;
  } catch (err) {
    return failed('vlm_error', `The vision model did not answer usably (${(err as Error).message.slice(0, 200)}). Click by agent_id instead (from browser.observe).`);
  }
}

/** The smallest observed element whose box holds the point: the one the model meant. */
function elementAt(elements: Element[], x: number, y: number): Element | undefined {
  const holding = elements.filter((e) => e.bounds && x >= e.bounds.x && x <= e.bounds.x + e.bounds.width && y >= e.bounds.y && y <= e.bounds.y + e.bounds.height);
  return holding.sort((a, b) => a.bounds!.width * a.bounds!.height - b.bounds!.width * b.bounds!.height)[0];
}

export async function groundAndClick(ctx: SurfaceContext, s: AgenstabSession, description: string): Promise<Record<string, unknown>> {
  const short = description.slice(0, 100);
  const problem = visionProblem(ctx.state.llm);
  if (problem) {
    failed('no_vlm_configured', `No vision model is configured (${problem}), so "${short}" cannot be located on the screen. Click by agent_id instead (from browser.observe).`,
      { description: description.slice(0, 200) });
  }
  const shot = await runAction(ctx, s, 'screenshot', { screenshot: { format: 'png', cursor: false } });
  const frame = shot.screenshot_after as { data: string; width: number; height: number } | undefined;
  if (!frame) failed('no_frame', 'The page could not be captured for the vision model; try again.');
  const point = await askModel(ctx.state.llm, description, frame.data, frame);
  if (!point.found || !Number.isFinite(point.x) || !Number.isFinite(point.y) || point.x < 0 || point.y < 0 || point.x > frame.width || point.y > frame.height) {
    failed('not_found', `The vision model did not find "${short}" on the screen. Call browser.observe and click by agent_id.`, { point: { x: point.x, y: point.y } });
  }
  const observed = await runAction(ctx, s, 'observe', { max_elements: 500, format: 'json', screenshot: { area: 'none' } });
  const target = elementAt((observed.result as { elements?: Element[] }).elements ?? [], point.x, point.y);
  if (!target) {
    failed('no_element_at_point', `The vision model pointed at (${Math.round(point.x)}, ${Math.round(point.y)}) for "${short}", where there is no element to click. Call browser.observe and click by agent_id.`,
      { point: { x: Math.round(point.x), y: Math.round(point.y) } });
  }
  const env = await runAction(ctx, s, 'act', { agent_id: target.agent_id, action: 'click', screenshot: { area: 'none' } });
  return { success: true, action_id: env.action_id, agent_id: target.agent_id, action: 'click', ...(env.result as Record<string, unknown>),
    grounded: { description: description.slice(0, 200), point: { x: Math.round(point.x), y: Math.round(point.y) }, role: target.role, name: target.name } };
}
