// DTMF (keypad tones) on phone calls. LiveKit SIP turns the caller's RFC 2833 telephone-events
// into room DTMF packets (RoomEvent.DtmfReceived) and publishDtmf(code, digit) back into
// telephone-events to the phone. Codes are RFC 4733's: 0-9, * = 10, # = 11, A-D = 12-15.

export const DTMF_DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D"] as const;
export type DtmfDigit = (typeof DTMF_DIGITS)[number];

export const isDtmfDigit = (value: string): value is DtmfDigit => (DTMF_DIGITS as readonly string[]).includes(value);

/** The RFC 4733 event code of a digit. */
export function dtmfCodeOf(digit: DtmfDigit): number {
  if (digit === "*") return 10;
  if (digit === "#") return 11;
  if (/^[A-D]$/.test(digit)) return 12 + digit.charCodeAt(0) - "A".charCodeAt(0);
  return Number(digit);
}

/** The digit of an RFC 4733 event code; undefined outside 0-15. */
export function dtmfDigitOf(code: number): DtmfDigit | undefined {
  if (!Number.isInteger(code) || code < 0 || code > 15) return undefined;
  if (code <= 9) return String(code) as DtmfDigit;
  return (["*", "#", "A", "B", "C", "D"] as const)[code - 10];
}

/**
 * Parses what the model asks to press: digits, *, #, A-D; spaces, dashes and commas are
 * separators. Returns the digits, or an error naming the first character that is none.
 */
export function parseDtmfSequence(input: string): { digits: DtmfDigit[] } | { error: string } {
  const digits: DtmfDigit[] = [];
  for (const char of input.toUpperCase()) {
    if (/[\s,-]/.test(char)) continue;
    if (!isDtmfDigit(char)) return { error: `"${char}" is not a keypad key; use 0-9, *, # or A-D` };
    digits.push(char);
  }
  if (digits.length === 0) return { error: "no keys to press" };
  return { digits };
}

// What the model sees for keys the caller pressed: a user message in a fixed form, so the
// transcript can tell it from speech (dtmfKeysOfInput) and record it as a dtmf turn.
const DTMF_INPUT_PREFIX = "[The caller pressed these keys on the phone keypad: ";
const DTMF_INPUT = /^\[The caller pressed these keys on the phone keypad: ([0-9*#A-D]+)\]$/;

export const dtmfInputOf = (keys: string) => `${DTMF_INPUT_PREFIX}${keys}]`;

/** The keys of a message made by dtmfInputOf; undefined for anything else. */
export const dtmfKeysOfInput = (text: string) => DTMF_INPUT.exec(text.trim())?.[1];

export interface DtmfCollectorOptions {
  /** A pause this long after the last key ends a sequence. */
  gapMs: number;
  /** Called with the keys of one sequence ("1234#"). */
  onSequence: (digits: string) => void;
}

/**
 * Groups keys pressed in a row into one sequence (an account number is one answer, not ten),
 * ended by a pause or by "#".
 */
export class DtmfCollector {
  readonly #opts: DtmfCollectorOptions;
  #pending = "";
  #timer: NodeJS.Timeout | undefined;

  constructor(opts: DtmfCollectorOptions) {
    this.#opts = opts;
  }

  press(digit: DtmfDigit): void {
    this.#pending += digit;
    clearTimeout(this.#timer);
    if (digit === "#") return this.flush();
    this.#timer = setTimeout(() => this.flush(), this.#opts.gapMs);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const digits = this.#pending;
    this.#pending = "";
    if (digits) this.#opts.onSequence(digits);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#pending = "";
  }
}
