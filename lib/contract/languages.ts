import { z } from "zod";

// Languages an assistant's speech-to-text and voices may be set to (ISO 639-1, "multi" for
// automatic detection). Its own module so the assistant and voice schemas both read it
// without importing each other.
export const LANGUAGES = [
  "multi", "nl", "en", "de", "fr", "es", "it", "pt", "pl", "ru", "ja", "ko", "zh", "ar", "hi",
  "da", "sv", "no", "fi", "cs", "hu", "ro", "bg", "hr", "sk", "tr", "id", "vi",
] as const;
export type Language = (typeof LANGUAGES)[number];

/** One schema for every language field, so the OpenAPI document names it once (Language). */
export const languageSchema = z.enum(LANGUAGES);
