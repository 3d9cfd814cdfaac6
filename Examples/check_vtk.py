#!/usr/bin/python3
"""Loads VTK XML files with VTK's own readers (as ParaView does) and checks what they hold.

usage: check_vtk.py [--points N] [--datasets N] [--expect NAME:COMPONENTS[:MIN:MAX]]... FILE...

FILE is a .vti, .pvti, .vtp, .pvtp, .vtu or .pvtu dataset, or a ParaView collection (.pvd), whose datasets
are each loaded in turn. (VTK itself has no .pvd reader, ParaView's is its own: the collection is read here
as ParaView reads it, one DataSet element per snapshot with its timestep and file.) For every dataset it prints the kind, the points and each point/cell array with its
components, tuples and range, and checks:
  - the file is complete (VTK itself reads a truncated .vti without complaint) and VTK's reader reports no
    error; every value (and point coordinate) is finite;
  - --points N: the dataset has N points;
  - --datasets N: the collections list N datasets in all (with increasing times, files present);
  - --expect NAME:COMPONENTS[:MIN:MAX]: a point-data array NAME with COMPONENTS components and one tuple per
    point, every value within [MIN, MAX].
It ends with one line, `check_vtk: ok …`, and exit status 0, or prints `check_vtk: error: …` for each
failure and exits with 1 (2 for a bad command line).

The interpreter is Debian's (/usr/bin/python3), the one `apt-get install python3-vtk9` serves; a python3
first on PATH (pyenv, a virtual environment) does not see that package.
"""

import argparse
import math
import os
import re
import sys
import xml.etree.ElementTree as ElementTree

try:
    from vtkmodules.vtkCommonCore import vtkLogger, vtkOutputWindow, vtkStringOutputWindow, vtkVersion
    from vtkmodules.vtkIOXML import (
        vtkXMLImageDataReader,
        vtkXMLPImageDataReader,
        vtkXMLPolyDataReader,
        vtkXMLPPolyDataReader,
        vtkXMLPUnstructuredGridReader,
        vtkXMLUnstructuredGridReader,
    )
except ImportError:
    print("check_vtk: error: the VTK Python module is missing; install it with `apt-get install python3-vtk9` "
          "and run this script with /usr/bin/python3", file=sys.stderr)
    sys.exit(3)

READERS = {
    ".vti": vtkXMLImageDataReader,
    ".pvti": vtkXMLPImageDataReader,
    ".vtp": vtkXMLPolyDataReader,
    ".pvtp": vtkXMLPPolyDataReader,
    ".vtu": vtkXMLUnstructuredGridReader,
    ".pvtu": vtkXMLPUnstructuredGridReader,
}

# VTK reports reader errors through its output window, not as Python exceptions: collect them in a string
# (which only grows; each read looks at what it added).
MESSAGES = vtkStringOutputWindow()
vtkOutputWindow.SetInstance(MESSAGES)
vtkLogger.SetStderrVerbosity(vtkLogger.VERBOSITY_OFF)


class Expectation:
    """One --expect argument: NAME:COMPONENTS[:MIN:MAX]."""

    def __init__(self, text):
        fields = text.split(":")
        if len(fields) not in (2, 4) or not fields[0]:
            raise argparse.ArgumentTypeError(f"expected NAME:COMPONENTS[:MIN:MAX], got '{text}'")
        try:
            self.name = fields[0]
            self.components = int(fields[1])
            self.bounds = (float(fields[2]), float(fields[3])) if len(fields) == 4 else None
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected NAME:COMPONENTS[:MIN:MAX] with numbers, got '{text}'")


def collection_entries(path):
    """The (time, dataset path) entries of a .pvd, in file order."""
    root = ElementTree.parse(path).getroot()
    if root.get("type") != "Collection":
        raise ValueError(f"{path}: not a ParaView collection (VTKFile type is {root.get('type')!r})")
    folder = os.path.dirname(path)
    return [(float(entry.get("timestep", "0")), os.path.join(folder, entry.get("file", "")))
            for entry in root.iter("DataSet")]


def truncation(path):
    """Why the file is incomplete, or None.

    VTK 9.1 reads a .vti whose appended raw data stops early without any error, filling the rest with zeros,
    so completeness is checked here: the document must end with its closing tag, and every appended array's
    byte count (the UInt32/UInt64 before its data) must fit in the file.
    """
    with open(path, "rb") as file:
        content = file.read()
    if not content.rstrip().endswith(b"</VTKFile>"):
        return "the file does not end with </VTKFile>: it is truncated"
    marker = content.find(b"<AppendedData")
    if marker < 0:
        return None
    head = content[:marker].decode("utf-8", "replace")
    if 'encoding="raw"' not in content[marker:marker + 100].decode("utf-8", "replace") or "compressor=" in head:
        return None
    start = content.index(b"_", marker) + 1
    width = 8 if 'header_type="UInt64"' in head else 4
    for tag in re.findall(r"<DataArray\b[^>]*>", head):
        offset = re.search(r'offset="(\d+)"', tag)
        if 'format="appended"' not in tag or offset is None:
            continue
        at = start + int(offset.group(1))
        count = int.from_bytes(content[at:at + width], "little")
        if at + width + count > len(content):
            name = re.search(r'Name="([^"]*)"', tag)
            return (f"appended array {name.group(1) if name else '(unnamed)'} needs {count} bytes at byte {at + width}, "
                    f"but the file has {len(content)}: it is truncated")
    return None


def values_range(array):
    """(minimum, maximum, all finite) over every component of a VTK data array."""
    lowest, highest, finite = math.inf, -math.inf, True
    components = array.GetNumberOfComponents()
    for index in range(array.GetNumberOfTuples() * components):
        value = array.GetValue(index)
        if not math.isfinite(value):
            finite = False
            continue
        lowest, highest = min(lowest, value), max(highest, value)
    return lowest, highest, finite


def describe(dataset):
    """A short description of the dataset's kind and shape."""
    kind = dataset.GetClassName().removeprefix("vtk")
    if kind == "ImageData":
        x, y, z = dataset.GetDimensions()
        return f"{kind} {x} x {y} x {z}, spacing {tuple(dataset.GetSpacing())}"
    return f"{kind}, {dataset.GetNumberOfCells()} cells"


def check_dataset(path, options, failures):
    """Loads one dataset file, prints what it holds, and appends every failed check to `failures`."""
    name = os.path.relpath(path)
    reader_type = READERS.get(os.path.splitext(path)[1])
    if reader_type is None:
        failures.append(f"{name}: not a VTK XML dataset this script reads ({', '.join(READERS)}, .pvd)")
        return
    if not os.path.isfile(path):
        failures.append(f"{name}: no such file")
        return
    problem = truncation(path)
    if problem:
        failures.append(f"{name}: {problem}")
        return
    earlier_messages = len(MESSAGES.GetOutput())
    reader = reader_type()
    reader.SetFileName(path)
    reader.Update()
    messages = MESSAGES.GetOutput()[earlier_messages:]
    errors = [line.strip() for line in messages.splitlines() if "ERROR" in line or "Error" in line]
    dataset = reader.GetOutputDataObject(0)
    if errors or reader.GetErrorCode() != 0 or dataset is None:
        failures.append(f"{name}: VTK could not read it: {errors[0] if errors else 'error code %d' % reader.GetErrorCode()}")
        return

    points = dataset.GetNumberOfPoints()
    print(f"{name}: {describe(dataset)}, {points} points")
    if options.points is not None and points != options.points:
        failures.append(f"{name}: {points} points, expected {options.points}")
    if dataset.IsA("vtkPointSet") and dataset.GetPoints() is not None:
        if not values_range(dataset.GetPoints().GetData())[2]:
            failures.append(f"{name}: a point coordinate is NaN or infinite")

    found = {}
    for kind, data in (("point", dataset.GetPointData()), ("cell", dataset.GetCellData())):
        for index in range(data.GetNumberOfArrays()):
            array = data.GetArray(index)
            if array is None:
                continue
            lowest, highest, finite = values_range(array)
            components, tuples = array.GetNumberOfComponents(), array.GetNumberOfTuples()
            print(f"  {kind} array {array.GetName()}: {array.GetDataTypeAsString()}, {components} component(s) x "
                  f"{tuples} tuples, values in [{lowest:.6g}, {highest:.6g}]")
            if not finite:
                failures.append(f"{name}: {kind} array {array.GetName()} holds NaN or infinite values")
            if kind == "point":
                found[array.GetName()] = (components, tuples, lowest, highest)

    for expectation in options.expect:
        if expectation.name not in found:
            failures.append(f"{name}: no point array {expectation.name} (has: {', '.join(found) or 'none'})")
            continue
        components, tuples, lowest, highest = found[expectation.name]
        if components != expectation.components:
            failures.append(f"{name}: {expectation.name} has {components} components, expected {expectation.components}")
        if tuples != points:
            failures.append(f"{name}: {expectation.name} has {tuples} tuples for {points} points")
        if expectation.bounds and not (expectation.bounds[0] <= lowest and highest <= expectation.bounds[1]):
            failures.append(f"{name}: {expectation.name} spans [{lowest:.17g}, {highest:.17g}], "
                            f"outside the expected [{expectation.bounds[0]:.17g}, {expectation.bounds[1]:.17g}]")


def main():
    parser = argparse.ArgumentParser(prog="check_vtk.py", description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, help="the number of points every dataset must have")
    parser.add_argument("--datasets", type=int, help="the number of datasets the collections must list in all")
    parser.add_argument("--expect", type=Expectation, action="append", default=[],
                        metavar="NAME:COMPONENTS[:MIN:MAX]", help="a point-data array every dataset must hold")
    parser.add_argument("files", nargs="+", metavar="FILE", help=".vti/.pvti/.vtp/.pvtp/.vtu/.pvtu/.pvd files")
    options = parser.parse_args()

    failures, datasets, listed = [], 0, 0
    for path in options.files:
        if not path.endswith(".pvd"):
            check_dataset(path, options, failures)
            datasets += 1
            continue
        try:
            entries = collection_entries(path)
        except (OSError, ValueError, ElementTree.ParseError) as error:
            failures.append(f"{os.path.relpath(path)}: not a readable collection: {error}")
            continue
        times = [time for time, _ in entries]
        print(f"{os.path.relpath(path)}: collection of {len(entries)} dataset{'' if len(entries) == 1 else 's'}, times {times[0] if times else '-'}"
              f" … {times[-1] if times else '-'}")
        if not entries:
            failures.append(f"{os.path.relpath(path)}: lists no datasets")
        if any(later <= earlier for earlier, later in zip(times, times[1:])):
            failures.append(f"{os.path.relpath(path)}: times do not increase: {times}")
        listed += len(entries)
        for _, dataset in entries:
            check_dataset(dataset, options, failures)
            datasets += 1

    if options.datasets is not None and listed != options.datasets:
        failures.append(f"the collections list {listed} datasets, expected {options.datasets}")
    for failure in failures:
        print(f"check_vtk: error: {failure}", file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"check_vtk: ok, {datasets} dataset{'' if datasets == 1 else 's'} loaded with VTK {vtkVersion.GetVTKVersion()}, every check passed")


if __name__ == "__main__":
    main()
