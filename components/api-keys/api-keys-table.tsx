"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiKey } from "@/lib/schemas/api-key";
import { apiKeyQueries, revokeApiKeyRequest } from "@/lib/client/api";
import { DataTable, listState } from "@/components/ui/data-table";
import { formatDateTime } from "@/components/ui/format";
import { ConfirmInPlace } from "@/components/ui/confirm-in-place";
import { describeScopes } from "./key-access-field";

export function ApiKeysTable({ canManage }: { canManage: boolean }) {
  const query = useQuery(apiKeyQueries.list());
  const state = listState(query, query.data?.api_keys, "API keys");
  if (state) return state;
  return (
    <DataTable testId="api-keys-table" columns={["Name", "Key", "Access", "Created", "Last used"]} hasActions={canManage}>
      {query.data!.api_keys.map((key) => <ApiKeyRow key={key.id} apiKey={key} canManage={canManage} />)}
    </DataTable>
  );
}

// Revoking asks once more in place: apps using the key stop working at once.
function ApiKeyRow({ apiKey, canManage }: { apiKey: ApiKey; canManage: boolean }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => revokeApiKeyRequest(apiKey.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["api-keys"] }),
  });
  return (
    <tr data-api-key-id={apiKey.id}>
      <td className="py-2 pr-4 font-medium">{apiKey.name}</td>
      <td className="py-2 pr-4 font-mono text-slate-600">{apiKey.prefix}…</td>
      <td className="py-2 pr-4 text-slate-600" data-testid="key-access">{describeScopes(apiKey.scopes)}</td>
      <td className="py-2 pr-4 text-slate-600">{formatDateTime(apiKey.created_at)}</td>
      <td className="py-2 pr-4 text-slate-600" data-testid="last-used">{apiKey.last_used_at ? formatDateTime(apiKey.last_used_at) : "Never"}</td>
      {canManage && (
        <td className="py-2 text-right">
          <ConfirmInPlace
            actionLabel="Revoke"
            actionAriaLabel={`Revoke ${apiKey.name}`}
            confirmLabel="Revoke key"
            pendingLabel="Revoking…"
            warning="Apps using this key stop working at once."
            pending={revoke.isPending}
            onConfirm={() => revoke.mutate()}
          />
          {revoke.error && <p role="alert" className="mt-1 text-xs text-red-600">{revoke.error.message}</p>}
        </td>
      )}
    </tr>
  );
}
