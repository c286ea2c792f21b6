import { notFound } from "next/navigation";

/** The numeric project id of a route, or a 404 for anything else. */
export async function projectIdParam(params: Promise<{ projectId: string }>): Promise<number> {
  const { projectId } = await params;
  const id = Number(projectId);
  if (!/^[1-9][0-9]{0,15}$/.test(projectId) || !Number.isSafeInteger(id)) notFound();
  return id;
}
