// Shared request-body pieces (zod). Route bodies are built from these so every field error names
// the field and the expected type the same way.
import { z } from 'zod';
import { screenshotSchema } from './screenshotOptions.ts';
import { waitUntilSchema } from './waitUntil.ts';

export const MAX_COORDINATE = 100_000;
/** A viewport coordinate in screenshot pixels: finite, not absurd. */
export const coordinate = z.number().finite().min(-MAX_COORDINATE).max(MAX_COORDINATE).meta({ description: 'screenshot pixels from the viewport\'s top-left corner' });

export const commonFields = {
  screenshot: screenshotSchema.optional(),
  wait_until: waitUntilSchema.optional(),
};

export const modifierNames = z.array(z.string().max(32)).max(8);

export const emptyBody = z.object({ ...commonFields }).loose();
