export { removeProviderKeyByProvider as DELETE } from "@/lib/api/routes/provider-keys";
