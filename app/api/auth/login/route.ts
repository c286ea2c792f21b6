import { apiRoute } from "@/server/security/apiRoute";
import { signIn } from "@/server/security/signIn";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute("json", signIn);
