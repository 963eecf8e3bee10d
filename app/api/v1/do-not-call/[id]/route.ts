export { removeDoNotCall as DELETE } from "@/lib/api/routes/campaigns";
