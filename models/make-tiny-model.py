#!/usr/bin/env python3
"""Make the tiny BERT token-classification model gleaner's transformer tests load.

    python3 models/make-tiny-model.py [OUT_DIR]        (default: models/tiny-bert-ner)

Writes a Hugging Face-style directory: config.json (BERT, with id2label), vocab.txt (a small
word-piece vocabulary: letters, digits, punctuation and their ## continuations, and a few
hundred common words) and model.safetensors (random weights from a fixed seed). Python's
standard library only: no torch, no transformers.

The weights are random, so the model knows nothing; its classifier bias makes "B-PER" the
likeliest label for every word, so that every word comes out as a person with a score. That is
what the tests need: they check the plumbing (loading, offsets back into the text, label
mapping, windows over long sentences, the merge with the rule stages), not accuracy.
"""
import json
import os
import random
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "tiny-bert-ner")
LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
HIDDEN, LAYERS, HEADS, INTERMEDIATE, POSITIONS = 32, 2, 2, 64, 64

WORDS = """the of and to a in is was for on that with as by at from it he said his be are an has
have were not or its but this they which had been will after who their more one two new year
people also would there about up into than other out over when police city government president
minister party state news week day today monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december""".split()

vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
chars = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)] + list(".,;:!?'\"()-$%&/")
vocab += chars + ["##" + c for c in chars] + [w for w in WORDS if w not in chars]
vocab = list(dict.fromkeys(vocab))

rng = random.Random(20261127)


def tensor(shape, scale=0.05, fill=None):
    n = 1
    for s in shape:
        n *= s
    values = [fill] * n if fill is not None else [rng.gauss(0.0, scale) for _ in range(n)]
    return shape, struct.pack(f"<{n}f", *values)


tensors = {
    "bert.embeddings.word_embeddings.weight": tensor([len(vocab), HIDDEN]),
    "bert.embeddings.position_embeddings.weight": tensor([POSITIONS, HIDDEN]),
    "bert.embeddings.token_type_embeddings.weight": tensor([2, HIDDEN]),
    "bert.embeddings.LayerNorm.weight": tensor([HIDDEN], fill=1.0),
    "bert.embeddings.LayerNorm.bias": tensor([HIDDEN], fill=0.0),
    "bert.pooler.dense.weight": tensor([HIDDEN, HIDDEN]),
    "bert.pooler.dense.bias": tensor([HIDDEN], fill=0.0),
    "classifier.weight": tensor([len(LABELS), HIDDEN]),
}
bias = [0.0] * len(LABELS)
bias[LABELS.index("B-PER")] = 5.0
tensors["classifier.bias"] = ([len(LABELS)], struct.pack(f"<{len(bias)}f", *bias))
for layer in range(LAYERS):
    p = f"bert.encoder.layer.{layer}."
    for name in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"]:
        tensors[p + name + ".weight"] = tensor([HIDDEN, HIDDEN])
        tensors[p + name + ".bias"] = tensor([HIDDEN], fill=0.0)
    for name in ["attention.output.LayerNorm", "output.LayerNorm"]:
        tensors[p + name + ".weight"] = tensor([HIDDEN], fill=1.0)
        tensors[p + name + ".bias"] = tensor([HIDDEN], fill=0.0)
    tensors[p + "intermediate.dense.weight"] = tensor([INTERMEDIATE, HIDDEN])
    tensors[p + "intermediate.dense.bias"] = tensor([INTERMEDIATE], fill=0.0)
    tensors[p + "output.dense.weight"] = tensor([HIDDEN, INTERMEDIATE])
    tensors[p + "output.dense.bias"] = tensor([HIDDEN], fill=0.0)

# safetensors: an 8-byte little-endian header length, a JSON header, then the raw data.
header, data, offset = {}, b"", 0
for name in sorted(tensors):
    shape, raw = tensors[name]
    header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(raw)]}
    data += raw
    offset += len(raw)
header_bytes = json.dumps(header, separators=(",", ":")).encode()
header_bytes += b" " * (-len(header_bytes) % 8)

config = {
    "model_type": "bert",
    "architectures": ["BertForTokenClassification"],
    "vocab_size": len(vocab),
    "hidden_size": HIDDEN,
    "num_hidden_layers": LAYERS,
    "num_attention_heads": HEADS,
    "intermediate_size": INTERMEDIATE,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "attention_probs_dropout_prob": 0.1,
    "max_position_embeddings": POSITIONS,
    "type_vocab_size": 2,
    "initializer_range": 0.02,
    "layer_norm_eps": 1e-12,
    "id2label": {str(i): label for i, label in enumerate(LABELS)},
    "label2id": {label: i for i, label in enumerate(LABELS)},
}
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(header_bytes)) + header_bytes + data)
with open(os.path.join(OUT, "config.json"), "w") as f:
    json.dump(config, f, indent=1)
    f.write("\n")
with open(os.path.join(OUT, "vocab.txt"), "w") as f:
    f.write("\n".join(vocab) + "\n")
print(f"{OUT}: {len(vocab)} word pieces, {len(tensors)} tensors, {len(data)} bytes of weights")
