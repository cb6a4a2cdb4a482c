"""Correct, another structure: a forward index only (doc_id -> Counter of terms); postings and
document frequencies are computed by scanning the documents at query time (slower, same answers)."""
import math
import re
from collections import Counter


def tokenize(text):
    return [t for t in re.split(r"[^a-z0-9]+", text.lower()) if t]


class InvertedIndex:
    def __init__(self, k1=1.2, b=0.75):
        for name, value in (("k1", k1), ("b", b)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{name} must be a number")
        if k1 < 0 or b < 0 or b > 1:
            raise ValueError("k1 >= 0 and 0 <= b <= 1")
        self.k1, self.b = k1, b
        self.docs = {}
        self.versions = {}

    def apply(self, event):
        if event["op"] not in {"insert", "update", "delete"}:
            raise ValueError(event["op"])
        seen = self.versions.get(event["id"])
        if seen is not None and event["lsn"] <= seen:
            return False
        self.versions[event["id"]] = event["lsn"]
        if event["op"] == "delete":
            self.docs.pop(event["id"], None)
        else:
            self.docs[event["id"]] = Counter(tokenize(event["text"]))
        return True

    def postings(self, term):
        return {doc_id: terms[term] for doc_id, terms in self.docs.items() if term in terms}

    def search(self, query, k=10):
        if isinstance(k, bool) or not isinstance(k, int) or k <= 0:
            raise ValueError("k")
        if not self.docs:
            return []
        n = len(self.docs)
        lengths = {d: sum(c.values()) for d, c in self.docs.items()}
        avgdl = sum(lengths.values()) / n
        result = []
        for doc_id, terms in self.docs.items():
            score, matched = 0.0, False
            for term in dict.fromkeys(tokenize(query)):
                tf = terms.get(term, 0)
                if not tf:
                    continue
                matched = True
                df = sum(1 for c in self.docs.values() if term in c)
                idf = math.log1p((n - df + 0.5) / (df + 0.5))
                score += idf * (tf * (self.k1 + 1)) / (tf + self.k1 * (1 - self.b + self.b * lengths[doc_id] / avgdl))
            if matched:
                result.append((doc_id, score))
        result.sort(key=lambda r: r[0])
        result.sort(key=lambda r: r[1], reverse=True)
        return result[:k]
