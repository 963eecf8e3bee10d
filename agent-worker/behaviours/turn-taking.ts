// speech_config.turn_taking (seconds on the wire) -> the session's turn handling (milliseconds).
// Only the keys the assistant sets are passed, so the framework's defaults stay in force
// for the rest.
import type { voice } from "@livekit/agents";
import type { SpeechConfig } from "../../lib/contract/call-config";

type TurnHandling = NonNullable<voice.AgentSessionOptions["turnHandling"]>;
export type TurnTakingOverrides = Pick<TurnHandling, "endpointing" | "interruption">;

const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.round(seconds * 1000));
const defined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function turnTakingOverrides(speech: Pick<SpeechConfig, "turn_taking">): TurnTakingOverrides {
  const t = speech.turn_taking;
  if (!t) return { endpointing: {}, interruption: {} };
  let minDelay = ms(t.endpointing_min_delay);
  const maxDelay = ms(t.endpointing_max_delay);
  // A min above the max would make the framework throw; the max wins.
  if (minDelay !== undefined && maxDelay !== undefined && minDelay > maxDelay) minDelay = maxDelay;
  return {
    endpointing: defined({ minDelay, maxDelay }),
    interruption: defined({
      enabled: t.allow_interruptions,
      minDuration: ms(t.interruption_min_duration),
      minWords: t.interruption_min_words,
      // null turns false-interruption recovery off; a number sets how long to wait.
      ...(t.false_interruption_timeout === null
        ? { resumeFalseInterruption: false }
        : { falseInterruptionTimeout: ms(t.false_interruption_timeout) }),
    }),
  };
}
