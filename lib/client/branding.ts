"use client";
import { queryOptions } from "@tanstack/react-query";
import type { BodyInputOf } from "@/lib/api/operation";
import * as branding from "@/lib/api/operations/branding";
import { apiFetch } from "@/lib/client/api";

// The portal's branding, portal-domain and client sign-up requests (lib/api/operations/branding.ts).

export const brandingQuery = () => queryOptions({ queryKey: ["branding"], queryFn: () => apiFetch(branding.getBranding) });
export const portalDomainsQuery = () => queryOptions({ queryKey: ["portal-domains"], queryFn: () => apiFetch(branding.listPortalDomains) });
export const pendingClientSignupsQuery = () =>
  queryOptions({ queryKey: ["client-signups", "pending"], queryFn: () => apiFetch(branding.listClientSignups, { query: { status: "pending" } }) });

export const updateBrandingRequest = (body: BodyInputOf<typeof branding.updateBranding>) => apiFetch(branding.updateBranding, { body });
export const uploadBrandAssetRequest = (asset: "logo" | "favicon", body: BodyInputOf<typeof branding.uploadBrandAsset>) =>
  apiFetch(branding.uploadBrandAsset, { params: { asset }, body });
export const deleteBrandAssetRequest = (asset: "logo" | "favicon") => apiFetch(branding.deleteBrandAsset, { params: { asset } });
export const createPortalDomainRequest = (hostname: string) => apiFetch(branding.createPortalDomain, { body: { hostname } });
export const verifyPortalDomainRequest = (id: string) => apiFetch(branding.verifyPortalDomain, { params: { id } });
export const deletePortalDomainRequest = (id: string) => apiFetch(branding.deletePortalDomain, { params: { id } });
export const approveClientSignupRequest = (id: string) => apiFetch(branding.approveClientSignup, { params: { id } });
