# fails: test-bm25-scores :: query terms count once each, are tokenised like documents; no match gives []
"""Wrong: the query is split on whitespace only and each query word counts as often as it is
written (no tokenisation of the query, no distinct terms)."""
import math
import re
from collections import Counter


def tokenize(text):
    return re.findall(r"[a-z0-9]+", text.lower())


class InvertedIndex:
    def __init__(self, k1=1.2, b=0.75):
        if type(k1) not in (int, float) or not k1 >= 0:
            raise ValueError("k1")
        if type(b) not in (int, float) or not 0 <= b <= 1:
            raise ValueError("b")
        self.k1, self.b = k1, b
        self.docs = {}
        self.lsns = {}

    def apply(self, event):
        if event["op"] not in ("insert", "update", "delete"):
            raise ValueError("op")
        if event["id"] in self.lsns and event["lsn"] <= self.lsns[event["id"]]:
            return False
        self.lsns[event["id"]] = event["lsn"]
        if event["op"] == "delete":
            self.docs.pop(event["id"], None)
        else:
            self.docs[event["id"]] = Counter(tokenize(event["text"]))
        return True

    def postings(self, term):
        return {d: c[term] for d, c in self.docs.items() if term in c}

    def search(self, query, k=10):
        if type(k) is not int or k < 1:
            raise ValueError("k")
        n = len(self.docs)
        if not n:
            return []
        lengths = {d: sum(c.values()) for d, c in self.docs.items()}
        avgdl = sum(lengths.values()) / n
        scores = {}
        for term in query.split():
            post = self.postings(term)
            if not post:
                continue
            idf = math.log(1 + (n - len(post) + 0.5) / (len(post) + 0.5))
            for d, tf in post.items():
                scores[d] = scores.get(d, 0.0) + idf * tf * (self.k1 + 1) / (
                    tf + self.k1 * (1 - self.b + self.b * lengths[d] / avgdl))
        return sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]
