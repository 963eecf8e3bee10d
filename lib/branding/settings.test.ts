import { describe, expect, it } from "vitest";
import { monogramSvg } from "./settings";

describe("monogramSvg", () => {
  it("draws the brand's initial on its colour", () => {
    const svg = monogramSvg("agency voice", "#7a2e8f");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('fill="#7a2e8f"');
    expect(svg).toContain(">A</text>");
  });

  it("escapes what would break out of the markup", () => {
    const svg = monogramSvg("<script>", '"/><script>alert(1)</script>');
    expect(svg).not.toContain("<script");
    expect(svg).toContain(">&#60;</text>");
    expect(monogramSvg("   ", "#000000")).toContain(">·</text>");
  });
});
