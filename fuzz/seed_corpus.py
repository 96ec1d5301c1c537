#!/usr/bin/env python3
"""Seed corpus for one fuzz target from the repo's own inputs (`make fuzz` runs it).

    seed_corpus.py TARGET OUTDIR

pdf_ingest      every samples/*.pdf, whole (the target writes its input to a .pdf file).
content_stream  every page's decoded content stream of the born-digital samples (the target
                wraps its input as the content stream of a one-page PDF); pages whose stream
                is identical are written once.
image_decode    the image XObjects of the samples (the scan's DCT pages), each behind the
                target's 6-byte header (filter index, width and height as little-endian u16,
                bit 0 = 8 bits per component, (byte >> 1) % 3 = Gray/RGB/CMYK) with the
                image's own values, plus a small Flate and a raw gray image so the fuzzer
                also starts inside those decoders.
text_export     every tests/data/seeds/*.txt, whole.

Needs qpdf (in `make deps`) for the two PDF-derived corpora; only the standard library else.
Files are named by the SHA-1 of their content, as libFuzzer names its own, so re-running adds
nothing twice.
"""
import glob
import hashlib
import json
import os
import struct
import subprocess
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The target's filter order: fuzz_targets/image_decode.rs FILTERS.
FILTERS = {"/DCTDecode": 0, "/CCITTFaxDecode": 1, "/FlateDecode": 2, None: 3}
SPACES = {"/DeviceGray": 0, "/DeviceRGB": 1, "/DeviceCMYK": 2}


def put(outdir, data):
    with open(os.path.join(outdir, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def qpdf(*args):
    return subprocess.run(["qpdf", *args], check=True, capture_output=True).stdout


def objects(pdf):
    return json.loads(qpdf("--json=2", "--json-key=qpdf", pdf))["qpdf"][1]


def samples():
    return sorted(glob.glob(os.path.join(ROOT, "samples", "*.pdf")))


def image_header(filt, w, h, bpc, space):
    flags = (1 if bpc == 8 else 0) | (SPACES[space] << 1)
    return bytes([FILTERS[filt]]) + struct.pack("<HHB", w, h, flags)


def main(target, outdir):
    os.makedirs(outdir, exist_ok=True)
    if target == "pdf_ingest":
        for p in samples():
            put(outdir, open(p, "rb").read())
    elif target == "text_export":
        for p in sorted(glob.glob(os.path.join(ROOT, "tests", "data", "seeds", "*.txt"))):
            put(outdir, open(p, "rb").read())
    elif target == "content_stream":
        for p in samples():
            for ref, obj in objects(p).items():
                d = obj.get("value") if isinstance(obj, dict) else None
                if not (isinstance(d, dict) and d.get("/Type") == "/Page"):
                    continue
                contents = d.get("/Contents")
                refs = contents if isinstance(contents, list) else [contents]
                data = b"\n".join(
                    qpdf(p, "--show-object=" + r.split()[0], "--filtered-stream-data")
                    for r in refs
                    if isinstance(r, str)
                )
                if data:
                    put(outdir, data)
    elif target == "image_decode":
        for p in samples():
            for ref, obj in objects(p).items():
                s = obj.get("stream") if isinstance(obj, dict) else None
                d = s["dict"] if s else {}
                if d.get("/Subtype") != "/Image":
                    continue
                filt, space = d.get("/Filter"), d.get("/ColorSpace")
                if filt not in FILTERS or space not in SPACES or d.get("/BitsPerComponent") not in (1, 8):
                    continue
                raw = qpdf(p, "--show-object=" + ref.removeprefix("obj:").split()[0], "--raw-stream-data")
                put(outdir, image_header(filt, d["/Width"], d["/Height"], d["/BitsPerComponent"], space) + raw)
        # A 64x48 gray gradient, Flate-compressed and raw.
        pixels = bytes((x * 4 + y) & 0xFF for y in range(48) for x in range(64))
        put(outdir, image_header("/FlateDecode", 64, 48, 8, "/DeviceGray") + zlib.compress(pixels))
        put(outdir, image_header(None, 64, 48, 8, "/DeviceGray") + pixels)
    else:
        sys.exit(f"seed_corpus.py: no seeds known for target {target!r}")
    print(f"{target}: {len(os.listdir(outdir))} inputs in {outdir}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
