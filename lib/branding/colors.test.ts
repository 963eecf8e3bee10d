import { describe, expect, it } from "vitest";
import { checkColor, colorWarnings, contrastRatio, relativeLuminance } from "./colors";

describe("WCAG contrast", () => {
  it("matches the reference values", () => {
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 10);
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 10);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 10);
    // WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes AA.
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(4.5);
    // Symmetric.
    expect(contrastRatio("#1846a8", "#f8fafc")).toBeCloseTo(contrastRatio("#f8fafc", "#1846a8"), 10);
  });

  it("rejects anything but #rrggbb", () => {
    expect(() => relativeLuminance("red")).toThrow();
    expect(() => relativeLuminance("#fff")).toThrow();
  });

  it("warns about light colours and passes dark ones", () => {
    const yellow = checkColor("primary_color", "#FFE14D");
    expect(yellow.passes_aa).toBe(false);
    expect(yellow.color).toBe("#ffe14d");
    const warnings = colorWarnings([yellow]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ field: "primary_color" });
    expect(warnings[0]!.message).toMatch(/below the 4\.5:1 WCAG AA minimum/);

    const navy = checkColor("accent_color", "#1846a8");
    expect(navy.passes_aa).toBe(true);
    expect(navy.contrast_with_text).toBeGreaterThan(7);
    expect(colorWarnings([navy])).toEqual([]);
  });
});
