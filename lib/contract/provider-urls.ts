// The providers' own public API endpoints: the last fallback for a base URL, shared by the
// app (BYOK key checks, "Draft with AI") and the agent worker.
export const PROVIDER_PUBLIC_URLS = {
  openai: "https://api.openai.com/v1",
  mistral: "https://api.mistral.ai/v1",
  xai: "https://api.x.ai/v1",
  deepgram: "https://api.deepgram.com",
  elevenlabs: "https://api.elevenlabs.io/v1",
  inworld: "https://api.inworld.ai",
  resend: "https://api.resend.com",
} as const;
