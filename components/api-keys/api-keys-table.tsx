"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiKey } from "@/lib/schemas/api-key";
import { apiKeyQueries, revokeApiKeyRequest } from "@/lib/client/api";
import { ErrorBanner } from "@/components/ui/primitives";
import { formatDateTime } from "@/components/calls/format";
import { ConfirmInPlace } from "@/components/ui/confirm-in-place";

export function ApiKeysTable({ canManage }: { canManage: boolean }) {
  const { data, error, isPending } = useQuery(apiKeyQueries.list());
  if (isPending) return <p className="text-sm text-slate-500">Loading API keys…</p>;
  if (error) return <ErrorBanner message={error.message} />;
  if (data.api_keys.length === 0) return <p className="text-sm text-slate-600">No API keys yet.</p>;
  return (
    <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="api-keys-table">
      <thead className="text-left text-xs font-semibold uppercase text-slate-500">
        <tr>
          <th className="py-2 pr-4">Name</th>
          <th className="py-2 pr-4">Key</th>
          <th className="py-2 pr-4">Created</th>
          <th className="py-2 pr-4">Last used</th>
          {canManage && <th className="py-2"><span className="sr-only">Actions</span></th>}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {data.api_keys.map((key) => <ApiKeyRow key={key.id} apiKey={key} canManage={canManage} />)}
      </tbody>
    </table>
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
