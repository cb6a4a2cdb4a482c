"""Correct, another bookkeeping: postings as {term: {doc: tf}}, a running total of lengths
(no re-summing per query), deletes as tombstone entries, and heapq for the top k."""
import heapq
import math
import re


def tokenize(text):
    return re.findall("[0-9a-z]+", text.lower())


class InvertedIndex:
    def __init__(self, k1=1.2, b=0.75):
        if type(k1) not in (int, float) or type(b) not in (int, float):
            raise ValueError("k1 and b must be numbers")
        if not (k1 >= 0 and 0 <= b <= 1):
            raise ValueError("out of range")
        self.k1 = k1
        self.b = b
        self.index = {}
        self.length = {}
        self.total = 0
        self.lsn = {}

    def _drop(self, doc_id):
        if doc_id not in self.length:
            return
        self.total -= self.length.pop(doc_id)
        for term in [t for t, p in self.index.items() if doc_id in p]:
            del self.index[term][doc_id]
            if not self.index[term]:
                del self.index[term]

    def apply(self, event):
        op = event["op"]
        if op == "delete":
            text = None
        elif op in ("insert", "update"):
            text = event["text"]
        else:
            raise ValueError("op")
        doc_id, lsn = event["id"], event["lsn"]
        if lsn <= self.lsn.get(doc_id, lsn - 1):
            return False
        self.lsn[doc_id] = lsn
        self._drop(doc_id)
        if text is not None:
            tokens = tokenize(text)
            self.length[doc_id] = len(tokens)
            self.total += len(tokens)
            for token in tokens:
                posting = self.index.setdefault(token, {})
                posting[doc_id] = posting.get(doc_id, 0) + 1
        return True

    def postings(self, term):
        return {**self.index.get(term, {})}

    def search(self, query, k=10):
        if type(k) is not int or k < 1:
            raise ValueError("k")
        n = len(self.length)
        scores = {}
        for term in sorted(set(tokenize(query))):
            posting = self.index.get(term, {})
            df = len(posting)
            for doc_id, tf in posting.items():
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                denom = tf + self.k1 * (1 - self.b + self.b * self.length[doc_id] * n / self.total)
                scores[doc_id] = scores.get(doc_id, 0.0) + idf * tf * (self.k1 + 1) / denom
        return heapq.nsmallest(k, scores.items(), key=lambda item: (-item[1], item[0]))
