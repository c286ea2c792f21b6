import { apiRoute, methodNotAllowed } from "@/server/security/apiRoute";
import { signIn } from "@/server/security/signIn";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute("json", signIn);

// Every other method meets the same access checks first (see methodNotAllowed).
export const GET = methodNotAllowed(["POST"]);
export const HEAD = methodNotAllowed(["POST"]);
export const PUT = methodNotAllowed(["POST"]);
export const PATCH = methodNotAllowed(["POST"]);
export const DELETE = methodNotAllowed(["POST"]);
export const OPTIONS = methodNotAllowed(["POST"]);
