import { z } from 'zod';
import { PHOTO_ID_PATTERN } from './photo';

/** A photo's id as commands and the store take it (see PHOTO_ID_PATTERN). */
export const PhotoId = z.string().regex(PHOTO_ID_PATTERN, 'a random UUID');
export type PhotoId = z.infer<typeof PhotoId>;
