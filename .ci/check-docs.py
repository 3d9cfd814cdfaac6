#!/usr/bin/env python3
"""Checks what DocC itself does not: every public symbol has its own doc comment, and every Swift snippet
in the documentation catalogs compiles against the current modules.

usage: check-docs.py --bin-path PATH [--report]

Run by `make docs` after `swift package generate-documentation`, whose symbol graphs it reads
(PATH/../extracted-symbols) and whose debug build of the modules it type-checks the snippets against
(PATH/Modules), with the C flags of the MPI that build used: pkg-config's module SWIFT_MPI_PKGCONFIG, or
the one SWIFT_MPI chooses (`ompi-c`, or `mpich` for SWIFT_MPI=mpich), as Package.swift does.

Coverage: a public symbol declared in Sources/ must carry a doc comment of its own (one inherited from a
protocol requirement does not count), and a function's comment must also name each parameter, say what a
throwing function throws (`- Throws:`) and what a function that returns a value returns (`- Returns:`).
Any gap fails the check; --report lists each gap instead of the first twenty.

Snippets: each ```swift block in a catalog's articles is either a whole program (it starts with `import`
and is type-checked on its own) or an excerpt whose first line is `// From Sources/…` or
`// From Examples/…` (every other line must occur in that file, so the excerpt cannot drift from the
code it shows).
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

MODULES = ["MPI", "DomainDecomposition"]
CATALOGS = ["Sources/MPI/MPI.docc", "Sources/DomainDecomposition/DomainDecomposition.docc"]


def symbol_graph_files(bin_path):
    extracted = os.path.join(os.path.dirname(bin_path.rstrip("/")), "extracted-symbols")
    package_dir = os.path.basename(os.getcwd())
    files = []
    for module in MODULES:
        found = glob.glob(os.path.join(extracted, package_dir, module, "*.symbols.json"))
        if not found:
            sys.exit(f"check-docs: no symbol graph for {module} under {extracted}/{package_dir}: "
                     "run `swift package generate-documentation` first")
        files += found
    return files


def doc_text(symbol, module):
    comment = symbol.get("docComment")
    # A comment whose module is another one was inherited (e.g. from CustomStringConvertible).
    if not comment or comment.get("module", module) != module:
        return None
    return "\n".join(line["text"] for line in comment["lines"])


def throws_itself(declaration):
    """Whether the declaration's own effects include `throws` (a closure parameter's do not count; a
    `rethrows` function throws only what its closure does)."""
    depth = 0
    for token in re.findall(r"[()]|\w+", declaration):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == "throws" and depth == 0:
            return True
    return False


def coverage_gaps(bin_path):
    undocumented, incomplete, total = [], [], 0
    seen = set()
    for path in symbol_graph_files(bin_path):
        graph = json.load(open(path))
        module = graph["module"]["name"]
        for symbol in graph["symbols"]:
            uri = symbol.get("location", {}).get("uri", "")
            if "/Sources/" not in uri or symbol["accessLevel"] not in ("public", "open"):
                continue
            where = "Sources/" + uri.split("/Sources/", 1)[1] + ":" + str(symbol["location"]["position"]["line"] + 1)
            name = ".".join(symbol["pathComponents"])
            if (where, name) in seen:
                continue
            seen.add((where, name))
            total += 1
            text = doc_text(symbol, module)
            if text is None:
                undocumented.append(f"{where}: {name}: no doc comment")
                continue
            signature = symbol.get("functionSignature")
            if not signature:
                continue
            missing = []
            for parameter in signature.get("parameters", []):
                label = parameter.get("internalName", parameter["name"])
                if not re.search(r"-\s*(Parameter\s+)?" + re.escape(label) + r"\s*:", text):
                    missing.append(f"parameter `{label}`")
            declaration = "".join(fragment["spelling"] for fragment in symbol.get("declarationFragments", []))
            if throws_itself(declaration) and "- Throws:" not in text:
                missing.append("`- Throws:`")
            returned = "".join(fragment["spelling"] for fragment in signature.get("returns", []))
            is_function = symbol["kind"]["identifier"] in ("swift.func", "swift.method", "swift.type.method",
                                                          "swift.func.op")
            if is_function and returned not in ("", "()", "Void", "Never") and "- Returns:" not in text:
                missing.append("`- Returns:`")
            if missing:
                incomplete.append(f"{where}: {name}: no " + ", ".join(missing))
    return undocumented, incomplete, total


def mpi_pkg_config_module():
    """The pkg-config module Package.swift builds CMPI against."""
    default = "mpich" if os.environ.get("SWIFT_MPI", "openmpi") == "mpich" else "ompi-c"
    return os.environ.get("SWIFT_MPI_PKGCONFIG", default)


def check_snippets(bin_path):
    # The build's scratch path (.build, or .build-mpich for MPICH) holds the checkouts: PATH is
    # <scratch>/<triple>/debug.
    scratch = os.path.dirname(os.path.dirname(os.path.realpath(bin_path)))
    numerics_shims = os.path.join(scratch, "checkouts/swift-numerics/Sources/_NumericsShims/include/module.modulemap")
    cflags = subprocess.run(["pkg-config", "--cflags", mpi_pkg_config_module()], capture_output=True, text=True,
                            check=True).stdout.split()
    command = ["swiftc", "-typecheck", "-I", os.path.join(bin_path, "Modules"),
               "-Xcc", "-fmodule-map-file=Sources/CMPI/module.modulemap",
               "-Xcc", "-fmodule-map-file=" + numerics_shims]
    for flag in cflags:
        command += ["-Xcc", flag]
    failures, programs, excerpts = [], 0, 0
    for catalog in CATALOGS:
        for article in sorted(glob.glob(os.path.join(catalog, "**", "*.md"), recursive=True)):
            text = open(article).read()
            for match in re.finditer(r"^```swift\n(.*?)^```", text, re.S | re.M):
                snippet = match.group(1)
                line = text[:match.start()].count("\n") + 2
                place = f"{article}:{line}"
                source = re.match(r"// From ((?:Sources|Examples)/\S+)", snippet)
                if source:
                    excerpts += 1
                    path = source.group(1)
                    if not os.path.exists(path):
                        failures.append(f"{place}: the excerpt's file {path} does not exist")
                        continue
                    lines = {l.strip() for l in open(path)}
                    for body_line in snippet.splitlines()[1:]:
                        stripped = body_line.strip()
                        if stripped and stripped != "…" and stripped not in lines:
                            failures.append(f"{place}: not in {path}: {stripped}")
                elif snippet.startswith("import "):
                    programs += 1
                    with tempfile.TemporaryDirectory() as directory:
                        main = os.path.join(directory, "main.swift")
                        open(main, "w").write(snippet)
                        result = subprocess.run(command + [main], capture_output=True, text=True)
                        errors = [l for l in (result.stdout + result.stderr).splitlines()
                                  if "error:" in l or "warning:" in l]
                        if result.returncode != 0 or errors:
                            failures.append(f"{place}: the snippet does not compile cleanly:\n    " +
                                            "\n    ".join(errors or [result.stderr.strip()]))
                else:
                    failures.append(f"{place}: a swift block must start with `import` (a whole program) "
                                    "or `// From <path>` (an excerpt)")
    return failures, programs, excerpts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin-path", required=True, help="the output of `swift build --show-bin-path`")
    parser.add_argument("--report", action="store_true", help="list every coverage gap")
    arguments = parser.parse_args()

    undocumented, incomplete, total = coverage_gaps(arguments.bin_path)
    complete = total - len(undocumented) - len(incomplete)
    print(f"check-docs: {total - len(undocumented)} of {total} public symbols documented, {complete} completely "
          f"({100.0 * complete / max(total, 1):.1f}%: every parameter, throws and returns)")
    gaps = undocumented + incomplete
    shown = gaps if arguments.report else gaps[:20]
    for gap in shown:
        print("  " + gap)
    if len(shown) < len(gaps):
        print(f"  … and {len(gaps) - len(shown)} more (run with --report for all)")

    failures, programs, excerpts = check_snippets(arguments.bin_path)
    print(f"check-docs: {programs} snippet programs type-checked, {excerpts} excerpts matched to their files, "
          f"{len(failures)} failures")
    for failure in failures:
        print("  " + failure)
    if gaps:
        print("check-docs: give each symbol listed a doc comment that names every parameter and has "
              "`- Returns:` and `- Throws:` where it returns or throws (see the Sources/MPI files for the style)")
    if gaps or failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
