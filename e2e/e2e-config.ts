import os from "node:os";
import path from "node:path";

// Shared constants of the end-to-end run.
export const E2E = {
  appPort: 13000,
  wavFile: path.join(os.tmpdir(), "switchboard-e2e-caller.wav"),
  callerSpeechAtMs: 9_000,
  callerSays: "What time do you open tomorrow?",
  sttTranscript: "What time do you open tomorrow?",
  agentReply: "We open at nine in the morning.",
};
