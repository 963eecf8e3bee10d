"use client";
import { useState } from "react";
import { Button } from "@/components/ui/primitives";

/** Copies a value to the clipboard; says so, or that the browser refused (then the value is selectable). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <Button type="button" variant="secondary" className="px-2 py-1 text-xs" aria-label={`Copy ${label}`} onClick={copy}>
      {copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy"}
    </Button>
  );
}
