export * from "@/lib/tenancy/permissions";
export * from "@/lib/tenancy/scope";
