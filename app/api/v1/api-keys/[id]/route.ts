export { removeApiKey as DELETE } from "@/lib/api/routes/api-keys";
