using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Cms.Api.Articles;

/// <summary>
/// Compiled queries, once per EF Core model: a compiled query serves one model, and a process may hold
/// several (the tests run both providers side by side).
/// </summary>
internal sealed class PerModel<T>(Func<T> compile) where T : class
{
    private readonly ConditionalWeakTable<IModel, T> _compiled = new();

    public T For(DbContext db) => _compiled.GetValue(db.Model, _ => compile());
}
