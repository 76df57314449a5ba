"""Personal notes: the model (`model`), the store over notes.db (`store`), its schema steps (`schema`), safe opening (`database`) and the exchange file (`exchange`)."""
