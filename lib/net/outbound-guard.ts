// The guard lives in the contract folder: the worker checks tool-server URLs the same way.
export * from "@/lib/contract/outbound-guard";
