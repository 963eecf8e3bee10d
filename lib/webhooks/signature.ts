// The signature lives in the contract folder: the worker signs tool-calls webhooks the same way.
export * from "@/lib/contract/webhook-signature";
