# Built from a family -> workloads table, with an extra note key that is ignored.
_BY_FAMILY = {
    "key-value": ["w01", "w08"],
    "relational": ["w02", "w11"],
    "document": ["w03", "w12"],
    "graph": ["w04", "w09"],
    "time-series": ["w05"],
    "search": ["w06", "w10"],
    "wide-column": ["w07"],
}
STORE_FAMILY = {wid: family for family, wids in _BY_FAMILY.items() for wid in wids}
STORE_FAMILY["note"] = "chosen from the access patterns"
