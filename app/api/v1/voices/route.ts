export { listVoices as GET } from "@/lib/api/routes/voices";
