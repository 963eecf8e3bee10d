import { describe, expect, it } from "vitest";
import { sanitizeSvg } from "./svg";

describe("sanitizeSvg", () => {
  it("keeps the drawing", () => {
    const out = sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#2f6fed"/><path d="M0 0L10 10"/></svg>');
    expect(out).toContain("<rect");
    expect(out).toContain('fill="#2f6fed"');
    expect(out).toContain("<path");
  });

  it("drops scripts, handlers, foreign objects and external references", () => {
    const out = sanitizeSvg(
      `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
        <script>alert(2)</script>
        <foreignObject><iframe src="https://evil.example"></iframe></foreignObject>
        <a href="javascript:alert(3)"><circle r="4" onclick="alert(4)"/></a>
        <image xlink:href="https://tracker.example/p.png"/>
        <use href="#x"/>
        <style>@import url(https://evil.example/x.css);</style>
      </svg>`,
    )!;
    expect(out).toMatch(/^<svg/);
    expect(out).toContain("<circle");
    for (const bad of ["script", "alert", "onload", "onclick", "foreignObject", "iframe", "javascript:", "tracker.example", "<use", "<image", "@import"]) {
      expect(out).not.toContain(bad);
    }
  });

  it("refuses what is not an SVG", () => {
    expect(sanitizeSvg("<html><body>hi</body></html>")).toBeNull();
    expect(sanitizeSvg("<script>alert(1)</script>")).toBeNull();
    expect(sanitizeSvg("just text")).toBeNull();
  });
});

describe("sanitizeSvg namespace", () => {
  it("adds the SVG namespace a standalone file needs", () => {
    expect(sanitizeSvg('<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});
