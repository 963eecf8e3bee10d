"use client";
import { useState } from "react";
import type { ApiKeyCreated } from "@/lib/schemas/api-key";
import { Button } from "@/components/ui/primitives";

// The only time the full key is on screen: after creation, until dismissed or the page is left.
export function NewApiKeyNotice({ created, onDismiss }: { created: ApiKeyCreated; onDismiss: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div role="status" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-5" data-testid="new-api-key-notice">
      <p className="text-sm font-semibold text-amber-900">API key “{created.api_key.name}” created</p>
      <p className="text-sm text-amber-900">Copy it now and keep it somewhere safe: <strong>you won’t see it again.</strong> Only a hash is stored.</p>
      <div className="flex items-center gap-2">
        <code className="flex-1 select-all break-all rounded-md border border-amber-200 bg-white px-3 py-2 font-mono text-sm" data-testid="new-api-key">{created.key}</code>
        <Button type="button" variant="secondary" onClick={copy}>{copied === "yes" ? "Copied" : "Copy"}</Button>
      </div>
      {copied === "failed" && <p className="text-xs text-amber-900">The browser did not allow copying; select the key and copy it by hand.</p>}
      <Button type="button" variant="secondary" onClick={onDismiss}>I have stored the key</Button>
    </div>
  );
}
