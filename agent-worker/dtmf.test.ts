import { afterEach, describe, expect, it, vi } from "vitest";
import { DTMF_DIGITS, DtmfCollector, dtmfCodeOf, dtmfDigitOf, dtmfInputOf, dtmfKeysOfInput, parseDtmfSequence } from "./dtmf";

describe("DTMF codes (RFC 4733)", () => {
  it("maps every key to its event code and back", () => {
    expect(DTMF_DIGITS.map(dtmfCodeOf)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    for (const digit of DTMF_DIGITS) expect(dtmfDigitOf(dtmfCodeOf(digit))).toBe(digit);
    expect(dtmfCodeOf("*")).toBe(10);
    expect(dtmfCodeOf("#")).toBe(11);
    expect(dtmfCodeOf("D")).toBe(15);
  });

  it("knows no code outside 0-15", () => {
    expect(dtmfDigitOf(16)).toBeUndefined();
    expect(dtmfDigitOf(-1)).toBeUndefined();
    expect(dtmfDigitOf(1.5)).toBeUndefined();
  });
});

describe("parseDtmfSequence", () => {
  it("reads keys with separators, lower-case letters included", () => {
    expect(parseDtmfSequence("1, 2-3 #")).toEqual({ digits: ["1", "2", "3", "#"] });
    expect(parseDtmfSequence("*9a")).toEqual({ digits: ["*", "9", "A"] });
  });

  it("names the first key a keypad does not have", () => {
    expect(parseDtmfSequence("12x3")).toEqual({ error: '"X" is not a keypad key; use 0-9, *, # or A-D' });
    expect(parseDtmfSequence(" , ")).toEqual({ error: "no keys to press" });
  });
});

describe("the model's text for pressed keys", () => {
  it("round-trips the keys and ignores other text", () => {
    expect(dtmfKeysOfInput(dtmfInputOf("1234#"))).toBe("1234#");
    expect(dtmfKeysOfInput("I pressed 1")).toBeUndefined();
    expect(dtmfKeysOfInput(`${dtmfInputOf("1")} and more`)).toBeUndefined();
  });
});

describe("DtmfCollector", () => {
  afterEach(() => void vi.useRealTimers());

  it("groups keys pressed in a row; a pause or # ends the sequence", () => {
    vi.useFakeTimers();
    const sequences: string[] = [];
    const collector = new DtmfCollector({ gapMs: 1000, onSequence: (keys) => sequences.push(keys) });
    collector.press("1");
    vi.advanceTimersByTime(900);
    collector.press("2");
    vi.advanceTimersByTime(900);
    expect(sequences).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(sequences).toEqual(["12"]);
    collector.press("4");
    collector.press("#");
    expect(sequences).toEqual(["12", "4#"]);
    vi.advanceTimersByTime(5000);
    expect(sequences).toEqual(["12", "4#"]);
  });

  it("drops a pending sequence when stopped", () => {
    vi.useFakeTimers();
    const sequences: string[] = [];
    const collector = new DtmfCollector({ gapMs: 1000, onSequence: (keys) => sequences.push(keys) });
    collector.press("7");
    collector.stop();
    vi.advanceTimersByTime(2000);
    expect(sequences).toEqual([]);
  });
});
