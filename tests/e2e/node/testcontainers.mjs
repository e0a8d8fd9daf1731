// Testcontainers for Node through the API guard: start, exec, stop, remove, as a test suite does.
// Usage: DOCKER_HOST=unix://PROXY TESTCONTAINERS_RYUK_DISABLED=true node testcontainers.mjs IMAGE OUT_DIR
// Prints one line per step; exits non-zero on the first step that fails.
import { GenericContainer, Wait, getContainerRuntimeClient } from "testcontainers";

const [image, outDir] = process.argv.slice(2);
const step = (text) => console.log(text);
const trapping = (dir) =>
  new GenericContainer(image)
    .withNetworkMode("none")
    .withBindMounts([{ source: dir, target: "/out" }])
    .withCommand(["sh", "-c", "trap 'echo TERM > /out/term; exit 0' TERM; echo ready; while :; do sleep 0.1; done"])
    .withWaitStrategy(Wait.forLogMessage("ready"));

// start, exec, stop (with a grace period: the container's TERM trap runs), remove (stop's default).
const first = await trapping(`${outDir}/first`).withName("tcnode-first").start();
step(`started ${first.getName()}`);
const exec = await first.exec(["sh", "-c", "echo exec-ok; exit 3"]);
step(`exec ${exec.exitCode} ${exec.output.trim()}`);
await first.stop({ timeout: 10_000 });
step("stopped and removed");

// A running container removed with force=true, as a suite's own cleanup does: the guard stops it
// gracefully first.
const second = await trapping(`${outDir}/second`).withName("tcnode-second").start();
step(`started ${second.getName()}`);
const client = await getContainerRuntimeClient();
await client.container.getById(second.getId()).remove({ force: true, v: true });
step("force-removed");
