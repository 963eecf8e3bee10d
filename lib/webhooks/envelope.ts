// The envelope lives in the contract folder: the worker builds tool-calls webhooks the same way.
export * from "@/lib/contract/webhook-envelope";
