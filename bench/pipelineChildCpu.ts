// CPU time of this process's child processes (the fake server), read from /proc on Linux, so
// the bench can show whether the double, not our code, was short of CPU.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ; the kernel reports utime/stime in these on every Linux we run

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

function ownCpuMs(pid: number): number {
  // Fields after the ")" that closes the command name: state is 3rd, utime 14th, stime 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** User+system CPU in ms of all live descendants of this process; undefined where /proc is missing. */
export function descendantsCpuMs(): number | undefined {
  try {
    let total = 0;
    const todo = children(process.pid);
    for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
      total += ownCpuMs(pid);
      todo.push(...children(pid));
    }
    return total;
  } catch {
    return undefined;
  }
}
