"""PyTorch side of the SegGen benchmark (bench/SegGen.Bench), run with Debian's /usr/bin/python3.

The C# driver starts this worker once and speaks a line protocol on stdin/stdout, one reply line
per command, so that both sides are timed alternately in the same run:

    info               -> "<torch version>"
    threads N          -> "<threads now in use>"
    cases              -> "<name> <name> ..."
    run NAME N         -> "<nanoseconds per iteration>" (NAME's statement run N times)
    peak_rss           -> "<VmHWM of this process in KiB>"
    quit               -> (exits)

A failing command replies "error <message>". Nothing else may write to stdout.
"""

import sys
import timeit

import torch
import torch.nn.functional as F


class Case:
    """One benchmark case: `statement` is timed as written, in a namespace holding `env`."""

    def __init__(self, statement, no_grad=False, **env):
        self.no_grad = no_grad
        self.timer = timeit.Timer(statement, globals={"torch": torch, "F": F, **env})

    def ns_per_iteration(self, iterations):
        with torch.no_grad() if self.no_grad else torch.enable_grad():
            return self.timer.timeit(iterations) * 1e9 / iterations


# Keep names and inputs in step with bench/SegGen.Bench/Cases.cs.
def small_input():
    return torch.randn(1, 16, 8, 8)


CASES = {
    "relu_small": lambda: Case("y = torch.relu(x)", x=small_input()),
    "add_small": lambda: Case("y = torch.add(x, z)", x=small_input(), z=small_input()),
    "cat_small": lambda: Case("y = torch.cat([x, z], 1)", x=small_input(), z=small_input()),
    "conv3x3_64": lambda: Case(
        "y = F.conv2d(x, w, b, padding=1)",
        no_grad=True,
        x=torch.randn(1, 64, 128, 128),
        w=torch.randn(64, 64, 3, 3),
        b=torch.randn(64),
    ),
}


def peak_rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("VmHWM missing from /proc/self/status")


class Worker:
    def __init__(self):
        self.prepared = {}  # cases whose inputs exist, by name

    def case(self, name):
        if name not in self.prepared:
            if name not in CASES:
                raise KeyError(f"no PyTorch case named {name}")
            self.prepared[name] = CASES[name]()
        return self.prepared[name]

    def handle(self, command, args):
        if command == "info":
            return torch.__version__
        if command == "threads":
            torch.set_num_threads(int(args[0]))
            return str(torch.get_num_threads())
        if command == "cases":
            return " ".join(CASES)
        if command == "run":
            return repr(self.case(args[0]).ns_per_iteration(int(args[1])))
        if command == "peak_rss":
            return str(peak_rss_kib())
        raise ValueError(f"unknown command {command}")


def main():
    worker = Worker()
    for line in sys.stdin:
        command, *args = line.split()
        if command == "quit":
            return
        try:
            reply = worker.handle(command, args)
        except Exception as error:  # reported to the driver, which stops the run
            reply = f"error {type(error).__name__}: {error}".replace("\n", " ")
        sys.stdout.write(reply + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
