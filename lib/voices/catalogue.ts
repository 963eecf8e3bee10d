import type { Voice, VoiceProvider } from "@/lib/schemas/voice";

// The curated voice catalogue behind GET /api/v1/voices and the portal's voice pickers.
// Any other voice id the provider knows (e.g. a cloned ElevenLabs voice) works as well.
// Within each provider the first voice is the default the portal picks.

type Entry = Omit<Voice, "provider" | "preview_available" | "description" | "description_text"> & { description?: string };

// HMS answers a voice's description in English and Dutch.
const DUTCH: Record<string, string> = {
  calm: "kalm", soft: "zacht", deep: "diep", "well-rounded": "evenwichtig", expressive: "expressief",
  confident: "zelfverzekerd", upbeat: "opgewekt", natural: "natuurlijk", warm: "warm", intense: "intens",
  authoritative: "gezaghebbend", friendly: "vriendelijk", trustworthy: "betrouwbaar",
};

const elevenlabs: Entry[] = [
  { id: "21m00Tcm4TlvDq8ikWAM", name: "Rachel", language: "en", gender: "female", accent: "american", description: "calm" },
  { id: "EXAVITQu4vr4xnSDxMaL", name: "Sarah", language: "en", gender: "female", accent: "american", description: "soft" },
  { id: "pNInz6obpgDQGcFmaJgB", name: "Adam", language: "en", gender: "male", accent: "american", description: "deep" },
  { id: "ErXwobaYiN019PkySvjV", name: "Antoni", language: "en", gender: "male", accent: "american", description: "well-rounded" },
  { id: "9BWtsMINqrJLrRacOk9x", name: "Aria", language: "en", gender: "female", accent: "american", description: "expressive" },
  { id: "CwhRBWXzGAHq8TQ4Fs17", name: "Roger", language: "en", gender: "male", accent: "american", description: "confident" },
  { id: "FGY2WhTYpPnrIDTdsKH5", name: "Laura", language: "en", gender: "female", accent: "american", description: "upbeat" },
  { id: "IKne3meq5aSn9XLyUdCD", name: "Charlie", language: "en", gender: "male", accent: "australian", description: "natural" },
  { id: "JBFqnCBsd6RMkjVDRZzb", name: "George", language: "en", gender: "male", accent: "british", description: "warm" },
  { id: "N2lVS1w4EtoT3dr4eOWO", name: "Callum", language: "en", gender: "male", accent: "transatlantic", description: "intense" },
  { id: "Xb7hH8MSUJpSbSDYk0k2", name: "Alice", language: "en", gender: "female", accent: "british", description: "confident" },
  { id: "XrExE9yKIg1WjnnlVkGX", name: "Matilda", language: "en", gender: "female", accent: "american", description: "warm" },
  { id: "onwK4e9ZLuTAKqWW03F9", name: "Daniel", language: "en", gender: "male", accent: "british", description: "authoritative" },
  { id: "pFZP5JQG7iQjIQuC4Bku", name: "Lily", language: "en", gender: "female", accent: "british", description: "warm" },
  { id: "nPczCjzI2devNBz1zQrb", name: "Brian", language: "en", gender: "male", accent: "american", description: "deep" },
  { id: "cgSgspJ2msm6clMCkdW9", name: "Jessica", language: "en", gender: "female", accent: "american", description: "expressive" },
  { id: "cjVigY5qzO86Huf0OWal", name: "Eric", language: "en", gender: "male", accent: "american", description: "friendly" },
  { id: "pqHfZKP75CvOlQylNhV4", name: "Bill", language: "en", gender: "male", accent: "american", description: "trustworthy" },
];

// OpenAI publishes names only; the voices speak every language the model does.
const openai: Entry[] = ["alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse"].map(
  (id) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), language: "en" }),
);

// Inworld voice ids are the voices' names.
const inworld: Entry[] = [
  { id: "Ashley", name: "Ashley", language: "en", gender: "female" },
  { id: "Dennis", name: "Dennis", language: "en", gender: "male" },
  { id: "Olivia", name: "Olivia", language: "en", gender: "female" },
  { id: "Mark", name: "Mark", language: "en", gender: "male" },
  { id: "Katrien", name: "Katrien", language: "nl", gender: "female" },
  { id: "Lore", name: "Lore", language: "nl", gender: "female" },
  { id: "Erik", name: "Erik", language: "nl", gender: "male" },
  { id: "Lennart", name: "Lennart", language: "nl", gender: "male" },
  { id: "Johanna", name: "Johanna", language: "de", gender: "female" },
  { id: "Josef", name: "Josef", language: "de", gender: "male" },
  { id: "Hélène", name: "Hélène", language: "fr", gender: "female" },
  { id: "Alain", name: "Alain", language: "fr", gender: "male" },
  { id: "Lupita", name: "Lupita", language: "es", gender: "female" },
  { id: "Diego", name: "Diego", language: "es", gender: "male" },
];

const withProvider = (provider: VoiceProvider, entries: Entry[]): Voice[] =>
  entries.map(({ description, ...entry }) => ({
    ...entry,
    provider,
    ...(description ? { description: { en: description, nl: DUTCH[description] ?? description }, description_text: description } : {}),
    preview_available: false,
  }));

export const VOICES: readonly Voice[] = [
  ...withProvider("elevenlabs", elevenlabs),
  ...withProvider("openai", openai),
  ...withProvider("inworld", inworld),
];

export function findVoices(filters: { provider?: string; language?: string } = {}): Voice[] {
  return VOICES.filter(
    (v) => (!filters.provider || v.provider === filters.provider) && (!filters.language || v.language === filters.language),
  );
}
