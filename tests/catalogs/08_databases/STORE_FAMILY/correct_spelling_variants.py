# Other spellings: case, spaces and underscores do not matter.
STORE_FAMILY = {
    "w01": "Key Value", "w02": "RELATIONAL", "w03": "Document", "w04": "graph",
    "w05": "time_series", "w06": "Search", "w07": "Wide Column", "w08": "key_value",
    "w09": "Graph", "w10": "search", "w11": "Relational", "w12": "document",
}
