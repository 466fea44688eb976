"""The program without a screen: data store, rules and services. Imports no Qt."""
