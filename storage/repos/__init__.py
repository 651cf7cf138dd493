"""The repositories behind storage/uow.py's unit of work, one file per part of the model."""
