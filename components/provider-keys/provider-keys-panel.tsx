"use client";
import { useQuery } from "@tanstack/react-query";
import { providerKeyQueries } from "@/lib/client/api";
import { Card, ErrorBanner } from "@/components/ui/primitives";
import { ProviderKeyForm } from "./provider-key-form";
import { ProviderKeysTable } from "./provider-keys-table";

// Owners and admins add, replace, test and delete keys; members see which providers have one.
export function ProviderKeysPanel({ canManage }: { canManage: boolean }) {
  const { data, error, isPending } = useQuery(providerKeyQueries.list());
  const keys = data?.keys ?? [];
  return (
    <div className="space-y-6">
      {canManage ? (
        <Card title="Add or replace a key">
          <ProviderKeyForm storedProviders={keys.map((k) => k.provider)} />
        </Card>
      ) : (
        <p className="text-sm text-slate-600">Only owners and admins can add, test or delete provider keys.</p>
      )}
      <Card title="Stored keys">
        {isPending ? (
          <p className="text-sm text-slate-500">Loading provider keys…</p>
        ) : error ? (
          <ErrorBanner message={error.message} />
        ) : keys.length === 0 ? (
          <p className="text-sm text-slate-600">No keys of your own yet: calls use the platform&apos;s keys.</p>
        ) : (
          <ProviderKeysTable keys={keys} canManage={canManage} />
        )}
      </Card>
    </div>
  );
}
