"""Correct: 96 readings a day per meter, over 86,400 s."""
METER_READINGS_PER_SECOND = 20_000_000 * 96 / 86_400
