// Brand colours and their legibility. WCAG 2.x relative luminance and contrast ratio: text on
// a brand-coloured button (white) and the brand colour used as text or links on the portal's
// light background both need 4.5:1 for normal text (AA), 3:1 for large text and UI parts.
// Pure: the portal's settings form shows the same warnings before saving.

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export const TEXT_ON_COLOR = "#ffffff";
export const PAGE_BACKGROUND = "#f8fafc";
export const AA_NORMAL_TEXT = 4.5;
export const AA_LARGE_TEXT = 3;

function channels(hex: string): [number, number, number] {
  if (!HEX_COLOR.test(hex)) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
}

/** WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export type ColorCheck = {
  field: "primary_color" | "accent_color";
  color: string;
  /** Contrast of white button text on the colour. */
  contrast_with_text: number;
  /** Contrast of the colour as text or links on the page background. */
  contrast_with_background: number;
  passes_aa: boolean;
};

export type ColorWarning = { field: ColorCheck["field"]; message: string };

const round = (n: number) => Math.round(n * 100) / 100;

export function checkColor(field: ColorCheck["field"], color: string): ColorCheck {
  const onColor = contrastRatio(color, TEXT_ON_COLOR);
  const onPage = contrastRatio(color, PAGE_BACKGROUND);
  return {
    field,
    color: color.toLowerCase(),
    contrast_with_text: round(onColor),
    contrast_with_background: round(onPage),
    passes_aa: onColor >= AA_NORMAL_TEXT && onPage >= AA_NORMAL_TEXT,
  };
}

/** Human warnings for colours below WCAG AA for normal text. */
export function colorWarnings(checks: ColorCheck[]): ColorWarning[] {
  const warnings: ColorWarning[] = [];
  for (const c of checks) {
    if (c.contrast_with_text < AA_NORMAL_TEXT) {
      warnings.push({ field: c.field, message: `White text on ${c.color} has a contrast of ${c.contrast_with_text}:1, below the 4.5:1 WCAG AA minimum; buttons will be hard to read` });
    }
    if (c.contrast_with_background < AA_NORMAL_TEXT) {
      warnings.push({ field: c.field, message: `${c.color} as text on the page background has a contrast of ${c.contrast_with_background}:1, below the 4.5:1 WCAG AA minimum; links will be hard to read` });
    }
  }
  return warnings;
}
