"""PyTorch side of the SegGen benchmark (bench/SegGen.Bench), run with Debian's /usr/bin/python3.

The C# driver starts this worker once and speaks a line protocol on stdin/stdout, one reply line
per command, so that both sides are timed alternately in the same run:

    info               -> "<torch version>"
    threads N          -> "<threads now in use>"
    cases              -> "<name> <name> ..."
    run NAME N         -> "<nanoseconds per iteration>" (NAME's statement run N times)
    peak_rss           -> "<VmHWM of this process in KiB>"
    prepare NAME MODE MODEL CLASSES WIDTH WEIGHTS OUT
                       -> "<eager|script|trace>": a model case NAME, the twin MODEL (a key of zoo.py's MODELS) built with
                          the state dict param.* and input (and target) of WEIGHTS, a safetensors file SegGen
                          wrote; its eval output on that input goes to OUT; then the heap is trimmed and VmHWM
                          restarted. MODE: train (forward, cross-entropy, backward, SGD step), eager (no-grad
                          forward) or script (the frozen, optimised TorchScript of the eval module).
    peak NAME          -> "<KiB>": VmHWM now minus the resident set before NAME was prepared
    release NAME       -> "ok": drops the model case NAME (if it was prepared)
    quit               -> (exits)

Started as `pytorch_worker.py REPOSITORY`: the zoo's twins and the safetensors reader are the tests' own
(Tests/Architectures.Tests/reference, Tests/Runtime.Tests/reference).
A failing command replies "error <message>". Nothing else may write to stdout.
"""

import ctypes
import gc
import os
import sys
import time
import timeit

import torch
import torch.nn.functional as F
from torch import nn

REPOSITORY = sys.argv[1]
sys.path[:0] = [os.path.join(REPOSITORY, "Tests", "Architectures.Tests", "reference"),
                os.path.join(REPOSITORY, "Tests", "Runtime.Tests", "reference")]
from safetensors_io import load, save  # noqa: E402
from torchvision_zoo import LOSS_WEIGHTS  # noqa: E402
from zoo import MODELS, named  # noqa: E402

LIBC = ctypes.CDLL("libc.so.6")


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


class Narrow10(nn.Module):
    """Twin of bench/SegGen.Bench/Models/Narrow10.seg.yaml: nine 3x3 conv + BN + ReLU, a 1x1 classifier."""

    def __init__(self, classes, width):
        super().__init__()
        layers, cin = [], 3
        for _ in range(9):
            layers += [nn.Conv2d(cin, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU()]
            cin = width
        self.body = nn.Sequential(*layers, nn.Conv2d(width, classes, 1))

    def forward(self, x):
        return self.body(x)


MODELS["Narrow10"] = Narrow10

# SGD as bench/SegGen.Bench/ModelWork.cs sets it.
LEARNING_RATE, MOMENTUM = 1e-3, 0.9


class ModelCase:
    """A zoo row's PyTorch side: `step` is one timed iteration, `output` the eval output on the row's input."""

    def __init__(self, mode, model, classes, width, weights):
        tensors = load(weights)
        net = MODELS[model](int(classes), int(width))
        net.load_state_dict({k[len("param."):]: v for k, v in tensors.items() if k.startswith("param.")})
        self.input = tensors["input"]
        self.build = mode
        if mode == "train":
            self.net = net.train()
            self.target = tensors["target"]
            self.optimizer = torch.optim.SGD([p for p in net.parameters() if p.requires_grad], LEARNING_RATE, momentum=MOMENTUM)
            self.step = self.train_step
        else:
            self.net = net.eval()
            if mode == "script":
                self.net = self.torchscript(net)
            self.step = self.forward

    def torchscript(self, net):
        """Scripted if TorchScript compiles the twin's forward, else traced on the row's input; frozen and optimised."""
        try:
            module = torch.jit.script(net)
            self.build = "script"
        except Exception:  # the twins use Python the script compiler rejects (slicing, isinstance over layers)
            with torch.no_grad():
                module = torch.jit.trace(net, self.input)
            self.build = "trace"
        module = torch.jit.optimize_for_inference(torch.jit.freeze(module.eval()))
        with torch.no_grad():  # the profiling executor specialises on its first runs
            for _ in range(2):
                module(self.input)
        return module

    def train_step(self):
        self.optimizer.zero_grad()
        # torchvision's models give a dict; its aux output weighs half, as bench/SegGen.Bench/ModelWork.cs has it.
        outputs = named(self.net(self.input))
        sum(LOSS_WEIGHTS.get(name, 1.0) * F.cross_entropy(logits, self.target) for name, logits in outputs.items()).backward()
        self.optimizer.step()

    def forward(self):
        with torch.no_grad():
            self.net(self.input)

    def output(self):
        """The eval output (a training row's module switches to eval for it and back)."""
        if self.build == "train":
            self.net.eval()
        with torch.no_grad():
            result = named(self.net(self.input))["out"]
        if self.build == "train":
            self.net.train()
        return result

    def ns_per_iteration(self, iterations):
        start = time.perf_counter_ns()
        for _ in range(iterations):
            self.step()
        return (time.perf_counter_ns() - start) / iterations


def status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} missing from /proc/self/status")


def reset_peak():
    """Gives freed heap back to the kernel and restarts VmHWM, as the driver's Machine.ResetPeak does."""
    LIBC.malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


class Worker:
    def __init__(self):
        self.prepared = {}  # cases whose inputs exist, by name
        self.baselines = {}  # resident KiB before each model case was prepared

    def case(self, name):
        if name not in self.prepared:
            if name not in CASES:
                raise KeyError(f"no PyTorch case named {name}")
            self.prepared[name] = CASES[name]()
        return self.prepared[name]

    def prepare(self, name, mode, model, classes, width, weights, out):
        reset_peak()
        self.baselines[name] = status_kib("VmRSS")
        case = ModelCase(mode, model, classes, width, weights)
        save(out, {"output": case.output()})
        self.prepared[name] = case
        reset_peak()
        return case.build

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
            return str(status_kib("VmHWM"))
        if command == "prepare":
            return self.prepare(*args)
        if command == "peak":
            return str(status_kib("VmHWM") - self.baselines[args[0]])
        if command == "release":
            # Tolerates a case never prepared: the driver releases every side of a row that failed part-way.
            self.prepared.pop(args[0], None)
            self.baselines.pop(args[0], None)
            gc.collect()  # the case's module graph has cycles: free it now, not during the next case
            return "ok"
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
