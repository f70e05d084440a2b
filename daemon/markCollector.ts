// Connects element collection (cdp/elements.ts) to frame drawing (daemon/frames.ts): marks to draw
// and the `marked_elements` of the screenshot object (rest.md §2.2), from one collection.
import { collectElements, type CollectedElement, type ElementKind } from '../cdp/elements.ts';
import { setMarkCollector, type MarkCollector } from './frames.ts';
import type { MarkupType } from './screenshotOptions.ts';
import type { DaemonPlugin } from './plugins.ts';
import { addAgentIds } from './semantic/markIds.ts';
import { hasSemantic } from './semantic/state.ts';

/** One entry of `marked_elements` (wire names). */
export interface MarkedElement {
  index: number;
  type: ElementKind;
  tag: string;
  role?: string;
  text?: string;
  href?: string;
  input_type?: string;
  placeholder?: string;
  bounds: { x: number; y: number; width: number; height: number };
  center: { x: number; y: number };
  frame?: string;
  /** The element's semantic id (semantic.md §4), when the tab has been observed or mark_labels asks. */
  agent_id?: string;
}

function toWire(e: CollectedElement): MarkedElement {
  return {
    index: e.index, type: e.kind, tag: e.tag,
    ...(e.role !== undefined ? { role: e.role } : {}),
    ...(e.text !== undefined ? { text: e.text } : {}),
    ...(e.href !== undefined ? { href: e.href } : {}),
    ...(e.inputType !== undefined ? { input_type: e.inputType } : {}),
    ...(e.placeholder !== undefined ? { placeholder: e.placeholder } : {}),
    bounds: e.box, center: e.center,
    ...(e.frame !== undefined ? { frame: e.frame } : {}),
  };
}

const FORM_CONTROLS = new Set(['input', 'select', 'textarea']);

/** The element kinds to scan for the requested markup types (`inputs` are clickable or typeable). */
function kindsFor(types: Set<MarkupType>): ElementKind[] {
  const kinds = new Set([...types].filter((t): t is ElementKind => t !== 'grid' && t !== 'inputs'));
  if (types.has('inputs')) { kinds.add('clickable'); kinds.add('typeable'); }
  return [...kinds];
}

/** Drops what only `inputs` brought in that is no form control, and numbers the rest 1..N again. */
function onlyRequested(found: CollectedElement[], types: Set<MarkupType>): CollectedElement[] {
  if (!types.has('inputs')) return found;
  const kept = found.filter((e) => types.has(e.kind) || FORM_CONTROLS.has(e.tag));
  return kept.length === found.length ? found : kept.map((e, i) => ({ ...e, index: i + 1 }));
}

export const collectMarks: MarkCollector = async (tab, types, options) => {
  const found = onlyRequested(await collectElements(tab.page, kindsFor(types), tab.log), types);
  const elements = found.map(toWire);
  // One registry for both: a vision model's numbered box and a text model's id are one element.
  if (options?.markLabels === 'agent_id' || hasSemantic(tab)) await addAgentIds(tab, elements);
  const labelled = options?.markLabels === 'agent_id';
  return { marks: found.map((e, i) => ({ index: e.index, type: e.kind, box: e.box, ...(labelled && elements[i]!.agent_id ? { label: elements[i]!.agent_id } : {}) })), elements };
};

/** Registers the collector when the daemon starts (frames.ts draws no element marks without it). */
export const markupPlugin: DaemonPlugin = { name: 'markup', start: () => setMarkCollector(collectMarks) };
