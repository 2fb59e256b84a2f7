public enum ConTextModule {}
