"use client";
import { useState } from "react";
import type { ApiKeyCreated } from "@/lib/schemas/api-key";
import { Card } from "@/components/ui/primitives";
import { ApiKeysTable } from "./api-keys-table";
import { CreateApiKeyForm } from "./create-api-key-form";
import { NewApiKeyNotice } from "./new-api-key-notice";

// Owners and admins create and revoke keys; members see the list.
export function ApiKeysPanel({ canManage }: { canManage: boolean }) {
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  return (
    <div className="space-y-6">
      {created && <NewApiKeyNotice created={created} onDismiss={() => setCreated(null)} />}
      {canManage ? (
        <Card title="Create an API key"><CreateApiKeyForm onCreated={setCreated} /></Card>
      ) : (
        <p className="text-sm text-slate-600">Only owners and admins can create or revoke API keys.</p>
      )}
      <Card title="Active keys"><ApiKeysTable canManage={canManage} /></Card>
    </div>
  );
}
