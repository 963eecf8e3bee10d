"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PROVIDER_KEY_PROVIDER_LABELS, type ProviderKey } from "@/lib/schemas/provider-key";
import { deleteProviderKeyRequest, testProviderKeyRequest } from "@/lib/client/api";
import { Badge, Button } from "@/components/ui/primitives";
import { formatDateTime } from "@/components/ui/format";
import { ConfirmInPlace } from "@/components/ui/confirm-in-place";
import { DataTable } from "@/components/ui/data-table";

export function ProviderKeysTable({ keys, canManage }: { keys: ProviderKey[]; canManage: boolean }) {
  return (
    <DataTable testId="provider-keys-table" columns={["Provider", "Key", "Base URL", "Last test"]} hasActions={canManage}>
      {keys.map((key) => <ProviderKeyRow key={key.provider} providerKey={key} canManage={canManage} />)}
    </DataTable>
  );
}

function LastTest({ providerKey }: { providerKey: ProviderKey }) {
  if (!providerKey.last_tested_at) return <Badge>Not tested</Badge>;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Badge tone={providerKey.last_test_ok ? "green" : "red"}>{providerKey.last_test_ok ? "Works" : "Failed"}</Badge>
      <span className="text-xs text-slate-500">{formatDateTime(providerKey.last_tested_at)}</span>
    </span>
  );
}

// Deleting asks once more in place: calls fall back to the platform's key at once.
function ProviderKeyRow({ providerKey, canManage }: { providerKey: ProviderKey; canManage: boolean }) {
  const queryClient = useQueryClient();
  const label = PROVIDER_KEY_PROVIDER_LABELS[providerKey.provider];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["provider-keys"] });
  const test = useMutation({ mutationFn: () => testProviderKeyRequest(providerKey.provider), onSettled: refresh });
  const remove = useMutation({ mutationFn: () => deleteProviderKeyRequest(providerKey.provider), onSuccess: refresh });
  const error = test.error ?? remove.error;

  return (
    <tr data-provider={providerKey.provider} className="align-top">
      <td className="py-2 pr-4 font-medium">{label}</td>
      <td className="py-2 pr-4 font-mono text-slate-600" data-testid="key-hint">{providerKey.key_hint}</td>
      <td className="py-2 pr-4 break-all text-slate-600">{providerKey.base_url ?? "Provider default"}</td>
      <td className="py-2 pr-4" data-testid="last-test"><LastTest providerKey={providerKey} /></td>
      {canManage && (
        <td className="py-2 text-right">
          <ConfirmInPlace
            actionLabel="Delete"
            actionAriaLabel={`Delete the ${label} key`}
            confirmLabel="Delete key"
            pendingLabel="Deleting…"
            warning={<>Calls will use the platform&apos;s {label} key.</>}
            pending={remove.isPending}
            onConfirm={() => remove.mutate()}
          >
            <Button type="button" variant="secondary" disabled={test.isPending} onClick={() => test.mutate()} aria-label={`Test the ${label} key`}>{test.isPending ? "Testing…" : "Test"}</Button>
          </ConfirmInPlace>
          {test.data && (
            <p role="status" className={`mt-1 text-xs ${test.data.ok ? "text-green-700" : "text-red-600"}`} data-testid="test-result">{test.data.message}</p>
          )}
          {error && <p role="alert" className="mt-1 text-xs text-red-600">{error.message}</p>}
        </td>
      )}
    </tr>
  );
}
