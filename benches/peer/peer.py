"""sentence-transformers side of the peer comparison (see run.sh).

Modes:
  throughput TEXTS_FILE  -- steady-state tokens/s encoding the texts (batch 32), model load excluded;
                            with PEER_AUTOCAST=bf16, under torch.autocast("cpu", dtype=torch.bfloat16)
  index PASSAGES_FILE OUT -- whole job as a script: load the model, embed the passages, save vectors
"""
import os
import sys
import time

MODEL_DIR = os.environ["PEER_MODEL_DIR"]


def load():
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(int(os.environ.get("PEER_THREADS", "2")))
    model = SentenceTransformer(MODEL_DIR, device="cpu")
    model.max_seq_length = 256
    return model


def autocast():
    """torch's bf16 autocast when PEER_AUTOCAST=bf16 (oneDNN runs the products on AMX
    where the CPU has it), else nothing."""
    import contextlib

    import torch

    if os.environ.get("PEER_AUTOCAST") == "bf16":
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def main():
    mode = sys.argv[1]
    if mode == "throughput":
        texts = read_lines(sys.argv[2])
        model = load()
        tok = model.tokenizer(texts, truncation=True, max_length=256)
        tokens = sum(len(ids) for ids in tok["input_ids"])
        with autocast():
            model.encode(texts[:64], batch_size=32)  # warm-up
            best = None
            for _ in range(int(os.environ.get("PEER_REPEATS", "2"))):
                t = time.perf_counter()
                model.encode(texts, batch_size=32, normalize_embeddings=True)
                dt = time.perf_counter() - t
                best = dt if best is None else min(best, dt)
        print(f"sentence-transformers {len(texts)} texts {tokens} tokens {best:.3f} s {tokens / best:.0f} tokens/s")
    elif mode == "index":
        import numpy as np

        texts = read_lines(sys.argv[2])
        model = load()
        v = model.encode(texts, batch_size=32, normalize_embeddings=True)
        np.save(sys.argv[3], v)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
